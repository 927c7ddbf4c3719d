"""The relay against real PostgreSQL: delivery, retries, dead letters, order, and no double claims."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from backend.app.bootstrap import OUTBOXES, Container
from backend.contracts.commodities.events import CommodityCreatedV1, CommodityUpdatedV1
from backend.core.clock import utc_now
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.core.messaging.relay import OutboxRelay
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.commodities.application.commands.add_variety import AddVariety, add_variety
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.domain.commodity import CommodityId, Variety
from backend.modules.commodities.infrastructure.seed_catalogue import COTTON
from backend.modules.commodities.infrastructure.tables import outbox
from backend.modules.commodities.infrastructure.unit_of_work import SqlCommoditiesUnitOfWork
from tests.conftest import platform_session


def _cotton(code: str | None = None):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(COTTON, code=code or f"CT-{uuid.uuid4().hex[:8].upper()}")


async def _status(connection: AsyncConnection, aggregate_id: str) -> list[tuple[str, str, int]]:
    rows = await connection.execute(
        select(outbox.c.wire_name, outbox.c.status, outbox.c.attempts)
        .where(outbox.c.aggregate_id == aggregate_id)
        .order_by(outbox.c.seq)
    )
    return [tuple(row) for row in rows.all()]  # type: ignore[misc]


async def test_pending_events_reach_subscribers_and_are_marked_sent(
    container: Container, connection: AsyncConnection
) -> None:
    received: list[IntegrationEvent] = []

    async def record(event: IntegrationEvent) -> None:
        received.append(event)

    container.bus.subscribe(CommodityCreatedV1.wire_name, "test.on_commodity_created_record", record)
    view = await create_commodity(CreateCommodity(_cotton()), container.commodities_uow(SYSTEM_SCOPE))
    assert await _status(connection, str(view.id)) == [("commodities.commodity_created.v1", "pending", 0)]

    assert await container.relay.drain() >= 1
    event = next(e for e in received if isinstance(e, CommodityCreatedV1) and e.commodity_id == view.id)
    assert event.code == view.code
    assert event.units[2].factor == COTTON.units[1][1]
    assert await _status(connection, str(view.id)) == [("commodities.commodity_created.v1", "sent", 1)]


async def test_a_failing_subscriber_leaves_the_event_pending_with_backoff_then_dead(
    settings, session_factory: async_sessionmaker[AsyncSession], connection: AsyncConnection
) -> None:  # type: ignore[no-untyped-def]
    bus = InProcessBus()

    async def broken(event: IntegrationEvent) -> None:
        raise RuntimeError("ledger offline")

    bus.subscribe(CommodityCreatedV1.wire_name, "test.on_commodity_created_fail", broken)
    relay = OutboxRelay(session_factory, OUTBOXES, bus, max_attempts=2)
    view = await create_commodity(CreateCommodity(_cotton()), SqlCommoditiesUnitOfWork(session_factory, SYSTEM_SCOPE))

    await relay.deliver_pending()
    row = (await connection.execute(select(outbox).where(outbox.c.aggregate_id == str(view.id)))).one()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "ledger offline" in row.last_error
    assert row.available_at > utc_now() + timedelta(milliseconds=500)

    await relay.deliver_pending()  # not yet due: nothing happens
    assert await _status(connection, str(view.id)) == [("commodities.commodity_created.v1", "pending", 1)]

    await connection.execute(update(outbox).where(outbox.c.seq == row.seq).values(available_at=utc_now()))
    await relay.deliver_pending()
    assert await _status(connection, str(view.id)) == [("commodities.commodity_created.v1", "dead", 2)]


async def test_events_of_one_aggregate_are_delivered_in_order(
    container: Container, connection: AsyncConnection
) -> None:
    order: list[str] = []

    async def record(event: IntegrationEvent) -> None:
        if getattr(event, "code", None) == code:
            order.append(f"{event.wire_name}:{getattr(event, 'version', '')}")

    container.bus.subscribe(CommodityCreatedV1.wire_name, "test.order_created", record)
    container.bus.subscribe(CommodityUpdatedV1.wire_name, "test.order_updated", record)
    view = await create_commodity(CreateCommodity(_cotton()), container.commodities_uow(SYSTEM_SCOPE))
    code = view.code
    for name in ("V1", "V2"):
        await add_variety(AddVariety(CommodityId(view.id), Variety(name)), container.commodities_uow(SYSTEM_SCOPE))

    # one round may only take the oldest pending event of each aggregate
    assert await container.relay.deliver_pending() == 1
    await container.relay.drain()
    assert order == [
        "commodities.commodity_created.v1:1",
        "commodities.commodity_updated.v1:2",
        "commodities.commodity_updated.v1:3",
    ]


async def test_idempotent_subscriber_handles_a_redelivered_event_once(container: Container) -> None:
    handled: list[uuid.UUID] = []

    async def on_created(event: IntegrationEvent, uow: SqlCommoditiesUnitOfWork) -> None:
        handled.append(event.event_id)

    handler = idempotent("test.on_commodity_created_count", lambda: container.commodities_uow(SYSTEM_SCOPE), on_created)
    event = CommodityCreatedV1(
        commodity_id=uuid.uuid4(),
        code="X",
        name="X",
        category="fibre",
        hsn_code="5201",
        gst_rate="5",  # type: ignore[arg-type]
        base_unit="KG",
        units=(),
        varieties=(),
        active=True,
        version=1,
    )
    await handler(event)
    await handler(event)
    assert handled == [event.event_id]


async def test_two_relays_never_deliver_the_same_event_twice(committed_container) -> None:  # type: ignore[no-untyped-def]
    """Real commits and two concurrent relays: SKIP LOCKED splits the rows between them."""
    writer: Container = committed_container()
    codes = [f"RACE-{uuid.uuid4().hex[:8].upper()}" for _ in range(20)]
    for code in codes:
        await create_commodity(CreateCommodity(_cotton(code)), writer.commodities_uow(SYSTEM_SCOPE))
    seen: list[str] = []

    async def record(event: IntegrationEvent) -> None:
        code = getattr(event, "code", "")
        if code in codes:
            seen.append(code)
            await asyncio.sleep(0.005)  # hold the claim so the other relay has to skip

    relays = []
    for _ in range(2):
        reader: Container = committed_container()
        reader.bus.subscribe(CommodityCreatedV1.wire_name, "test.race_record", record)
        relays.append(OutboxRelay(reader.session_factory, OUTBOXES, reader.bus, batch_size=5))
    try:
        await asyncio.gather(*(relay.drain() for relay in relays))
        assert sorted(seen) == sorted(codes)
    finally:
        await _delete(writer, codes)


async def _delete(container: Container, codes: list[str]) -> None:
    from sqlalchemy import delete

    from backend.modules.commodities.infrastructure.tables import CommodityRow

    async with platform_session(container) as session:
        ids = (await session.scalars(select(CommodityRow.id).where(CommodityRow.code.in_(codes)))).all()
        await session.execute(delete(outbox).where(outbox.c.aggregate_id.in_([str(i) for i in ids])))
        await session.execute(delete(CommodityRow).where(CommodityRow.id.in_(ids)))
