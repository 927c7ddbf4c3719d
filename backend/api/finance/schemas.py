"""HTTP shapes of the finance context (never used as domain objects or event contracts)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from backend.api.inputs import Input
from backend.api.types import DecimalStr

Method = Literal["neft", "rtgs", "imps", "upi", "cheque", "bank_transfer", "cash"]
Status = Literal["open", "settled", "cancelled"]


class PaymentCreate(Input):
    amount: DecimalStr = Field(description="above zero, at most what is outstanding", examples=["52500.50"])
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="the receivable's currency", examples=["INR"])
    received_on: date = Field(description="the date the money arrived; not in the future")
    method: Method
    reference: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        description="the bank's UTR, the cheque or receipt number; unique in the tenant (compared upper case)",
        examples=["HDFCR52026113012345678"],
    )


class PaymentReversalCreate(Input):
    reason: Annotated[str, Field(min_length=1, max_length=1000)] = Field(examples=["cheque returned unpaid"])


class PaymentRead(BaseModel):
    id: uuid.UUID
    trade_id: uuid.UUID
    amount: DecimalStr
    currency: str
    received_on: date
    method: str
    reference: str
    recorded_by: uuid.UUID
    recorded_at: datetime
    reversed: bool
    reversal_reason: str | None
    reversed_by: uuid.UUID | None
    reversed_at: datetime | None


class ReceivableSummaryRead(BaseModel):
    trade_id: uuid.UUID
    trade_number: str
    payer_partner_id: uuid.UUID = Field(description="the trade's buyer")
    seller_partner_id: uuid.UUID
    branch_id: uuid.UUID | None = Field(description="null: booked at tenant level")
    currency: str
    invoice_amount: DecimalStr = Field(description="the trade amount plus its GST")
    received: DecimalStr = Field(description="every payment recorded")
    reversed: DecimalStr = Field(description="the payments reversed since")
    paid: DecimalStr = Field(description="received less reversed")
    outstanding: DecimalStr = Field(description="invoice less paid, never below zero")
    credit: DecimalStr = Field(description="paid beyond an invoice amended below it")
    status: str = Field(description="open | settled | cancelled")
    opened_at: datetime
    settled_at: datetime | None
    cancelled_at: datetime | None
    version: int
    updated_at: datetime


class ReceivableRead(ReceivableSummaryRead):
    payments: list[PaymentRead] = Field(description="in the order recorded, reversed ones included")


class ReceivablePage(BaseModel):
    items: list[ReceivableSummaryRead]
    next_cursor: str | None


class PaymentOutcomeRead(BaseModel):
    """A payment just recorded or reversed, and its receivable as that left it."""

    payment: PaymentRead
    receivable: ReceivableSummaryRead
