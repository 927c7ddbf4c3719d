"""Integration events the finance context publishes (wire names are permanent).

Every event is ordered per receivable, that is per trade (``trade_id``): one receivable is opened
for each confirmed trade, owed by its buyer (``payer_partner_id``). Money is a decimal string in the
currency's minor units (INR to the paisa). ``outstanding_after`` is what the payer still owes once
the event's change is applied; it never goes below zero (a payer who paid more than an amended
invoice holds a credit instead).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from backend.core.messaging.events import IntegrationEvent
from backend.core.wire_types import DecimalStr


class _ReceivableEventV1(IntegrationEvent):
    aggregate_type: ClassVar[str] = "receivable"
    aggregate_field: ClassVar[str] = "trade_id"

    tenant_id: uuid.UUID
    trade_id: uuid.UUID
    trade_number: str
    payer_partner_id: uuid.UUID
    currency: str


class PaymentReceivedV1(_ReceivableEventV1):
    """A payment from the payer was recorded against the trade's receivable.

    ``method`` is one of neft, rtgs, imps, upi, cheque, bank_transfer, cash; ``reference`` the bank's
    UTR, the cheque number or the receipt number, unique within the tenant.
    """

    wire_name: ClassVar[str] = "finance.payment_received.v1"

    payment_id: uuid.UUID
    amount: DecimalStr
    received_on: date
    method: str
    reference: str
    recorded_by: uuid.UUID
    outstanding_after: DecimalStr


class PaymentReversedV1(_ReceivableEventV1):
    """A recorded payment was reversed (a bounced cheque, a wrong credit): it no longer counts."""

    wire_name: ClassVar[str] = "finance.payment_reversed.v1"

    payment_id: uuid.UUID
    amount: DecimalStr
    reason: str
    reversed_by: uuid.UUID
    outstanding_after: DecimalStr


class ReceivableSettledV1(_ReceivableEventV1):
    """Nothing is outstanding on the trade any more: paid in full (``payment_id`` names the payment
    that settled it) or an amendment lowered the invoice to what was paid (``payment_id`` null).

    ``paid`` is what counts of the payments (received less reversed); ``credit`` what was paid
    beyond the invoice.
    """

    wire_name: ClassVar[str] = "finance.receivable_settled.v1"

    payment_id: uuid.UUID | None
    invoice_amount: DecimalStr
    paid: DecimalStr
    credit: DecimalStr
    outstanding_after: DecimalStr


class ReceivableReopenedV1(_ReceivableEventV1):
    """A settled receivable is owed again: a payment was reversed (``payment_id``) or an amendment
    raised the invoice above what was paid (``payment_id`` null). ``cause``: payment_reversed or
    trade_amended.
    """

    wire_name: ClassVar[str] = "finance.receivable_reopened.v1"

    payment_id: uuid.UUID | None
    cause: str
    invoice_amount: DecimalStr
    paid: DecimalStr
    outstanding_after: DecimalStr
