"""Subscribing risk's reactions on the bus: one unit of work per event, in the event's tenant.

Each reaction runs at most once per event and consumer: the inbox row commits with its writes, so a
redelivery finds it and does nothing, and a failure leaves no row so the retry runs it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from backend.contracts.finance.events import (
    PaymentReceivedV1,
    PaymentReversedV1,
    ReceivableReopenedV1,
    ReceivableSettledV1,
)
from backend.contracts.partners.events import AmendmentApprovedV1, PartnerApprovedV1
from backend.contracts.trading.events import TradeAmendedV1, TradeCancelledV1, TradeConfirmedV1
from backend.core.messaging.bus import Handler, InProcessBus
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import DataScope
from backend.modules.risk.application.ports import BandsSource, RiskUnitOfWork
from backend.modules.risk.application.subscribers.amendments import on_trade_amended_revalue_risk
from backend.modules.risk.application.subscribers.credit_limits import (
    on_amendment_approved_apply_credit_limit,
    on_partner_approved_set_credit_limit,
)
from backend.modules.risk.application.subscribers.payments import (
    on_payment_received_release_exposure,
    on_payment_reversed_restore_exposure,
    on_receivable_reopened_reopen_trade,
    on_receivable_settled_settle_trade,
)
from backend.modules.risk.application.subscribers.trades import (
    on_trade_cancelled_release_exposure,
    on_trade_confirmed_book_risk,
)

Reaction = Callable[[Any, RiskUnitOfWork, BandsSource], Awaitable[None]]

# (event, consumer name in the inbox, reaction)
CONSUMERS: tuple[tuple[type[IntegrationEvent], str, Reaction], ...] = (
    (PartnerApprovedV1, "risk.on_partner_approved_set_credit_limit", on_partner_approved_set_credit_limit),
    (AmendmentApprovedV1, "risk.on_amendment_approved_apply_credit_limit", on_amendment_approved_apply_credit_limit),
    (TradeConfirmedV1, "risk.on_trade_confirmed_book_risk", on_trade_confirmed_book_risk),
    (TradeCancelledV1, "risk.on_trade_cancelled_release_exposure", on_trade_cancelled_release_exposure),
    (TradeAmendedV1, "risk.on_trade_amended_revalue_risk", on_trade_amended_revalue_risk),
    (PaymentReceivedV1, "risk.on_payment_received_release_exposure", on_payment_received_release_exposure),
    (PaymentReversedV1, "risk.on_payment_reversed_restore_exposure", on_payment_reversed_restore_exposure),
    (ReceivableSettledV1, "risk.on_receivable_settled_settle_trade", on_receivable_settled_settle_trade),
    (ReceivableReopenedV1, "risk.on_receivable_reopened_reopen_trade", on_receivable_reopened_reopen_trade),
)


def idempotent_in_tenant(
    event_type: type[IntegrationEvent],
    consumer: str,
    uow: Callable[[DataScope], RiskUnitOfWork],
    bands: BandsSource,
    react: Reaction,
) -> Handler:
    """``react`` in a unit of work scoped to the event's tenant, with its inbox claim."""

    async def handle(event: IntegrationEvent) -> None:
        if not isinstance(event, event_type):
            raise TypeError(f"{consumer} handles {event_type.wire_name}, not {event.wire_name}")
        tenant_id: uuid.UUID = getattr(event, "tenant_id")  # noqa: B009 - every consumed contract has one
        async with uow(DataScope(tenant_id)) as unit:
            if not await unit.claim_inbox(event.event_id, consumer, event.wire_name):
                return
            await react(event, unit, bands)
            await unit.commit()

    return handle


def register_risk_subscribers(
    bus: InProcessBus, uow: Callable[[DataScope], RiskUnitOfWork], bands: BandsSource
) -> None:
    """Subscribe every risk reaction on ``bus``; ``uow`` makes a unit of work for a scope."""
    for event_type, consumer, react in CONSUMERS:
        bus.subscribe(event_type.wire_name, consumer, idempotent_in_tenant(event_type, consumer, uow, bands, react))
