"""Domain events of the receivable turned into the published contracts."""

from __future__ import annotations

from decimal import Decimal

from backend.contracts.finance.events import (
    PaymentReceivedV1,
    PaymentReversedV1,
    ReceivableReopenedV1,
    ReceivableSettledV1,
)
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.modules.finance.domain import events as ev


def to_integration_event(aggregate: AggregateRoot, event: DomainEvent) -> IntegrationEvent | None:
    if not isinstance(event, ev.ReceivableEvent):
        return None
    keys = {
        "occurred_at": event.occurred_at,
        "tenant_id": event.tenant_id,
        "trade_id": event.trade_id,
        "trade_number": event.trade_number,
        "payer_partner_id": event.payer_partner_id,
        "currency": event.currency,
    }
    if isinstance(event, ev.PaymentReceived):
        return PaymentReceivedV1(
            **keys,
            payment_id=event.payment_id,
            amount=event.amount,
            received_on=event.received_on,
            method=event.method,
            reference=event.reference,
            recorded_by=event.recorded_by,
            outstanding_after=event.outstanding_after,
        )
    if isinstance(event, ev.PaymentReversed):
        return PaymentReversedV1(
            **keys,
            payment_id=event.payment_id,
            amount=event.amount,
            reason=event.reason,
            reversed_by=event.reversed_by,
            outstanding_after=event.outstanding_after,
        )
    if isinstance(event, ev.ReceivableSettled):
        return ReceivableSettledV1(
            **keys,
            payment_id=event.payment_id,
            invoice_amount=event.invoice_amount,
            paid=event.paid,
            credit=event.credit,
            outstanding_after=Decimal(0),
        )
    if isinstance(event, ev.ReceivableReopened):
        return ReceivableReopenedV1(
            **keys,
            payment_id=event.payment_id,
            cause=event.cause,
            invoice_amount=event.invoice_amount,
            paid=event.paid,
            outstanding_after=event.outstanding_after,
        )
    return None
