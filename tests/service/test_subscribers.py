"""Idempotent subscribers: the inbox makes a redelivered event a no-op."""

from __future__ import annotations

import uuid

import pytest

from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.messaging.bus import DeliveryFailed, InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.domain.commodity import CommodityChanges
from tests.fakes.commodities import FakeCommodities, InMemoryCommoditiesUnitOfWork
from tests.fakes.commodity_definitions import cotton, plain

CONSUMER = "trading.on_commodity_created_cache_reference"


class Handler:
    def __init__(self, failures: int = 0) -> None:
        self.handled: list[uuid.UUID] = []
        self.failures = failures

    async def __call__(self, event: IntegrationEvent, uow: InMemoryCommoditiesUnitOfWork) -> None:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("downstream unavailable")
        self.handled.append(event.event_id)


async def published_events(commodities: FakeCommodities) -> list[IntegrationEvent]:
    await create_commodity(CreateCommodity(cotton()), commodities.uow())
    await create_commodity(CreateCommodity(plain("SUGAR")), commodities.uow())
    events = list(commodities.published)
    commodities.published.clear()
    return events


async def test_a_redelivered_event_is_handled_once(commodities: FakeCommodities) -> None:
    events = await published_events(commodities)
    handler = Handler()
    bus = InProcessBus()
    bus.subscribe(CommodityCreatedV1.wire_name, CONSUMER, idempotent(CONSUMER, commodities.uow, handler))

    for event in events + events:  # at-least-once delivery: everything arrives twice
        await bus.publish(Envelope.wrap(event))

    assert handler.handled == [event.event_id for event in events]
    assert commodities.inbox == {(event.event_id, CONSUMER) for event in events}


async def test_each_consumer_handles_the_event_once(commodities: FakeCommodities) -> None:
    [event, _] = await published_events(commodities)
    first, second = Handler(), Handler()
    bus = InProcessBus()
    bus.subscribe(
        event.wire_name, "a.on_commodity_created_x", idempotent("a.on_commodity_created_x", commodities.uow, first)
    )
    bus.subscribe(
        event.wire_name, "b.on_commodity_created_y", idempotent("b.on_commodity_created_y", commodities.uow, second)
    )

    await bus.publish(Envelope.wrap(event))
    await bus.publish(Envelope.wrap(event))

    assert first.handled == second.handled == [event.event_id]


async def test_a_failed_handler_leaves_no_inbox_row_so_the_retry_runs_it(commodities: FakeCommodities) -> None:
    [event, _] = await published_events(commodities)
    handler = Handler(failures=1)
    bus = InProcessBus()
    bus.subscribe(event.wire_name, CONSUMER, idempotent(CONSUMER, commodities.uow, handler))

    with pytest.raises(DeliveryFailed):
        await bus.publish(Envelope.wrap(event))
    assert commodities.inbox == set()

    await bus.publish(Envelope.wrap(event))
    await bus.publish(Envelope.wrap(event))
    assert handler.handled == [event.event_id]


async def test_the_handlers_writes_commit_with_the_inbox_row(commodities: FakeCommodities) -> None:
    [event, _] = await published_events(commodities)

    async def deactivate(event: IntegrationEvent, uow: InMemoryCommoditiesUnitOfWork) -> None:
        assert isinstance(event, CommodityCreatedV1)
        commodity = await uow.commodities.get_by_code(event.code)
        assert commodity is not None
        commodity.revise(CommodityChanges(active=False))
        await uow.commodities.save(commodity)

    handle = idempotent(CONSUMER, commodities.uow, deactivate)
    await handle(event)
    await handle(event)

    [stored] = [c for c in commodities.store.values() if c.code == "COTTON"]
    assert (stored.active, stored.version) == (False, 2)
    assert commodities.wire_names() == ["commodities.commodity_updated.v1"]
