"""HTTP shapes of the risk context (never used as domain objects or event contracts)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from backend.api.inputs import Input
from backend.api.types import DecimalStr

Reason = Annotated[str, Field(min_length=1, max_length=1000)]


class CreditLimitChangeCreate(Input):
    new_amount: DecimalStr = Field(description="the limit asked for, zero or more", examples=["2500000"])
    reason: Reason


class CreditLimitChangeReject(Input):
    reason: Reason


class CreditLimitChangeRead(BaseModel):
    id: uuid.UUID
    source: str = Field(description="recommended_on_approval | amended | manual")
    status: str = Field(description="pending | approved | rejected | superseded")
    old_amount: DecimalStr | None
    new_amount: DecimalStr | None = Field(description="null: no limit (no credit)")
    reason: str
    requested_by: uuid.UUID | None
    requested_at: datetime
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    decision_note: str | None


class CreditLimitRead(BaseModel):
    id: uuid.UUID
    partner_id: uuid.UUID
    amount: DecimalStr | None = Field(description="null: no limit recorded, which means no credit")
    currency: str
    source: str
    pending_change_id: uuid.UUID | None
    history: list[CreditLimitChangeRead] = Field(description="every change, oldest first")
    version: int
    updated_at: datetime


class CurrencyExposureRead(BaseModel):
    currency: str
    exposure: DecimalStr
    open_trades: int


class ExposureRead(BaseModel):
    partner_id: uuid.UUID
    currency: str = Field(description="the credit limit's currency")
    limit: DecimalStr | None = Field(description="null: no limit recorded, which means no credit")
    exposure: DecimalStr = Field(description="open trade value not yet paid, GST included")
    available: DecimalStr
    utilization: DecimalStr | None = Field(description="percent of the limit; null: exposure without credit")
    band: str = Field(description="green | yellow | red")
    open_trades: int
    other_currencies: list[CurrencyExposureRead] = Field(description="exposure in currencies without credit")


class PositionRead(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID | None = Field(description="null: booked at tenant level")
    commodity_id: uuid.UUID
    unit: str = Field(description="the commodity's base unit")
    currency: str
    long_quantity: DecimalStr
    long_value: DecimalStr
    short_quantity: DecimalStr
    short_value: DecimalStr
    net_quantity: DecimalStr
    average_buy_price: DecimalStr | None
    average_sell_price: DecimalStr | None
    version: int
    updated_at: datetime


class PositionPage(BaseModel):
    items: list[PositionRead]
    next_cursor: str | None
