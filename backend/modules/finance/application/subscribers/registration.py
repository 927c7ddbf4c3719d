"""Subscribing finance's reactions on the bus: one unit of work per event, in the event's tenant,
claimed in the finance inbox so a redelivery changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from backend.contracts.trading.events import TradeAmendedV1, TradeCancelledV1, TradeConfirmedV1
from backend.core.messaging.bus import Handler, InProcessBus
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.core.principal import DataScope
from backend.modules.finance.application.ports import FinanceUnitOfWork
from backend.modules.finance.application.subscribers.trades import (
    on_trade_amended_revalue_receivable,
    on_trade_cancelled_close_receivable,
    on_trade_confirmed_open_receivable,
)

Reaction = Callable[[Any, FinanceUnitOfWork], Awaitable[None]]

# (event, consumer name in the inbox, reaction)
CONSUMERS: tuple[tuple[type[IntegrationEvent], str, Reaction], ...] = (
    (TradeConfirmedV1, "finance.on_trade_confirmed_open_receivable", on_trade_confirmed_open_receivable),
    (TradeAmendedV1, "finance.on_trade_amended_revalue_receivable", on_trade_amended_revalue_receivable),
    (TradeCancelledV1, "finance.on_trade_cancelled_close_receivable", on_trade_cancelled_close_receivable),
)


def in_event_tenant(
    event_type: type[IntegrationEvent],
    consumer: str,
    uow: Callable[[DataScope], FinanceUnitOfWork],
    react: Reaction,
) -> Handler:
    async def handle(event: IntegrationEvent) -> None:
        if not isinstance(event, event_type):
            raise TypeError(f"{consumer} handles {event_type.wire_name}, not {event.wire_name}")
        scope = DataScope(getattr(event, "tenant_id"))  # noqa: B009 - every consumed contract has one
        await idempotent(consumer, lambda: uow(scope), react)(event)

    return handle


def register_finance_subscribers(bus: InProcessBus, uow: Callable[[DataScope], FinanceUnitOfWork]) -> None:
    """Subscribe every finance reaction on ``bus``; ``uow`` makes a unit of work for a scope."""
    for event_type, consumer, react in CONSUMERS:
        bus.subscribe(event_type.wire_name, consumer, in_event_tenant(event_type, consumer, uow, react))
