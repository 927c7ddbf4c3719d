"""Read models the finance use cases return: plain data, never the aggregate itself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from backend.modules.finance.domain.payment import Payment
from backend.modules.finance.domain.receivable import Receivable


@dataclass(frozen=True)
class PaymentView:
    id: uuid.UUID
    trade_id: uuid.UUID
    amount: Decimal
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


@dataclass(frozen=True)
class ReceivableView:
    trade_id: uuid.UUID
    trade_number: str
    payer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    branch_id: uuid.UUID | None
    currency: str
    invoice_amount: Decimal
    received: Decimal
    reversed: Decimal
    paid: Decimal
    outstanding: Decimal
    credit: Decimal
    status: str
    opened_at: datetime
    settled_at: datetime | None
    cancelled_at: datetime | None
    version: int
    updated_at: datetime
    payments: tuple[PaymentView, ...]  # in the order recorded


@dataclass(frozen=True)
class ReceivablePageView:
    items: tuple[ReceivableView, ...]
    next_after: tuple[datetime, uuid.UUID] | None  # keyset of the last item when another page exists


@dataclass(frozen=True)
class PaymentOutcomeView:
    """A payment just recorded or reversed, and its receivable as that left it."""

    payment: PaymentView
    receivable: ReceivableView


def payment_view(receivable: Receivable, payment: Payment) -> PaymentView:
    return PaymentView(
        id=payment.id,
        trade_id=receivable.trade_id,
        amount=payment.amount,
        currency=receivable.currency,
        received_on=payment.received_on,
        method=payment.method.value,
        reference=payment.reference,
        recorded_by=payment.recorded_by,
        recorded_at=payment.recorded_at,
        reversed=payment.reversed,
        reversal_reason=payment.reversal_reason,
        reversed_by=payment.reversed_by,
        reversed_at=payment.reversed_at,
    )


def receivable_view(receivable: Receivable) -> ReceivableView:
    return ReceivableView(
        trade_id=receivable.trade_id,
        trade_number=receivable.trade_number,
        payer_partner_id=receivable.payer_partner_id,
        seller_partner_id=receivable.seller_partner_id,
        branch_id=receivable.branch_id,
        currency=receivable.currency,
        invoice_amount=receivable.invoice_amount,
        received=receivable.received,
        reversed=receivable.reversed,
        paid=receivable.paid,
        outstanding=receivable.outstanding,
        credit=receivable.credit,
        status=receivable.status.value,
        opened_at=receivable.opened_at,
        settled_at=receivable.settled_at,
        cancelled_at=receivable.cancelled_at,
        version=receivable.version,
        updated_at=receivable.updated_at,
        payments=tuple(payment_view(receivable, p) for p in receivable.payments),
    )


def outcome_view(receivable: Receivable, payment: Payment) -> PaymentOutcomeView:
    return PaymentOutcomeView(payment_view(receivable, payment), receivable_view(receivable))
