"""What happens to a receivable, as the aggregate records it; the application publishes these as
versioned integration events. Money is a ``Decimal`` in ``currency``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.core.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ReceivableEvent(DomainEvent):
    tenant_id: uuid.UUID
    trade_id: uuid.UUID
    trade_number: str
    payer_partner_id: uuid.UUID
    currency: str


@dataclass(frozen=True, kw_only=True)
class PaymentReceived(ReceivableEvent):
    payment_id: uuid.UUID
    amount: Decimal
    received_on: date
    method: str
    reference: str
    recorded_by: uuid.UUID
    outstanding_after: Decimal


@dataclass(frozen=True, kw_only=True)
class PaymentReversed(ReceivableEvent):
    payment_id: uuid.UUID
    amount: Decimal
    reason: str
    reversed_by: uuid.UUID
    outstanding_after: Decimal


@dataclass(frozen=True, kw_only=True)
class ReceivableSettled(ReceivableEvent):
    payment_id: uuid.UUID | None  # None: an amendment lowered the invoice to what was paid
    invoice_amount: Decimal
    paid: Decimal
    credit: Decimal


@dataclass(frozen=True, kw_only=True)
class ReceivableReopened(ReceivableEvent):
    payment_id: uuid.UUID | None  # the reversed payment; None: an amendment raised the invoice
    cause: str
    invoice_amount: Decimal
    paid: Decimal
    outstanding_after: Decimal
