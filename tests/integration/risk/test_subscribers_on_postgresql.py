"""Risk's subscribers on PostgreSQL with the real bus: redelivery changes nothing, the outbox gets
the events, and concurrent trades of one buyer never lose an update (the exposure row is locked)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select, text

from backend.app.bootstrap import Container
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import DataScope
from backend.modules.risk.application.ports import PositionFilter
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from backend.modules.risk.domain.positions import Position
from backend.modules.risk.infrastructure.tables import inbox, outbox
from tests.conftest import platform_session
from tests.fakes.risk_events import partner_approved, trade_cancelled, trade_confirmed


def _bus(container: Container) -> InProcessBus:
    bus = InProcessBus()
    register_risk_subscribers(bus, container.risk_uow, FixedBands())
    return bus


async def _deliver(bus: InProcessBus, *events: IntegrationEvent) -> None:
    for event in events:
        await bus.publish(Envelope.wrap(event, tenant_id=str(getattr(event, "tenant_id"))))  # noqa: B009


async def test_redelivered_events_are_handled_once(container: Container) -> None:
    tenant, buyer, seller, cotton = (uuid.uuid4() for _ in range(4))
    bus = _bus(container)
    approved = partner_approved(tenant, buyer, "100000")
    trade = trade_confirmed(tenant, buyer, seller, cotton, amount="60000", gst="3000")
    cancelled = trade_cancelled(trade)
    for _ in range(2):
        await _deliver(bus, approved, trade, cancelled)

    async with container.session_factory() as session:
        ours = [approved.event_id, trade.event_id, cancelled.event_id]  # other tests may leave committed claims
        claims = select(inbox.c.event_id, inbox.c.consumer).where(inbox.c.event_id.in_(ours))
        handled = (await session.execute(claims)).all()
        published = (
            await session.execute(
                select(outbox.c.wire_name, outbox.c.payload, outbox.c.tenant_id)
                .where(outbox.c.aggregate_id == str(buyer))
                .order_by(outbox.c.seq)
            )
        ).all()
    assert {(row.event_id, row.consumer) for row in handled} == {
        (approved.event_id, "risk.on_partner_approved_set_credit_limit"),
        (trade.event_id, "risk.on_trade_confirmed_book_risk"),
        (cancelled.event_id, "risk.on_trade_cancelled_release_exposure"),
    }
    assert [row.wire_name for row in published] == [
        "risk.credit_limit_changed.v1",
        "risk.utilization_band_crossed.v1",
        "risk.utilization_band_crossed.v1",
    ]
    assert {row.tenant_id for row in published} == {str(tenant)}
    up, down = published[1].payload, published[2].payload
    assert (up["old_band"], up["new_band"], up["exposure"], up["utilization"]) == ("green", "yellow", "63000", "63")
    assert (down["new_band"], down["exposure"], down["worsened"]) == ("green", "0", False)
    async with container.risk_uow(DataScope(tenant)) as uow:
        exposure = await uow.exposures.get(buyer, "INR")
    [position] = await _positions(container, tenant)
    assert exposure is not None
    assert exposure.trades == {}
    assert (position.long_quantity, position.short_value, position.version) == (Decimal(0), Decimal(0), 3)


async def _positions(container: Container, tenant: uuid.UUID) -> list[Position]:
    async with container.risk_uow(DataScope(tenant)) as uow:
        return await uow.positions.list(PositionFilter(limit=10))


async def test_concurrent_trades_of_one_buyer_all_count(committed_container: Callable[[], Container]) -> None:
    container = committed_container()
    tenant, buyer, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    bus = _bus(container)
    trades = [
        trade_confirmed(tenant, buyer, uuid.uuid4(), cotton, amount="1000", gst="50", quantity="10") for _ in range(8)
    ]
    approved = partner_approved(tenant, buyer, "100000")
    try:
        await _deliver(bus, approved)
        await asyncio.gather(*(_deliver(bus, t) for t in trades))
        async with container.risk_uow(DataScope(tenant)) as uow:
            exposure = await uow.exposures.get(buyer, "INR")
        [position] = await _positions(container, tenant)
        assert exposure is not None
        assert (exposure.amount, len(exposure.trades)) == (Decimal("8400"), 8)
        assert (position.long_quantity, position.short_quantity, position.version) == (Decimal(80), Decimal(80), 9)
    finally:
        async with platform_session(container) as session:
            for table in ("exposures", "credit_limits", "positions", "trade_records"):
                await session.execute(text(f"DELETE FROM risk.{table} WHERE tenant_id = :t"), {"t": tenant})
            await session.execute(text("DELETE FROM risk.outbox WHERE tenant_id = :t"), {"t": str(tenant)})
            await session.execute(
                text("DELETE FROM risk.inbox WHERE event_id = ANY(:ids)"),
                {"ids": [approved.event_id, *(t.event_id for t in trades)]},
            )
