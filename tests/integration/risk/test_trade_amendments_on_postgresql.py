"""``trading.trade_amended.v1`` on PostgreSQL with the real bus: the buyer's exposure, the positions
and the trade record take the amended figures once however often the event comes, and the band
crossing goes to the outbox."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import DataScope
from backend.modules.risk.application.ports import PositionFilter
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from backend.modules.risk.infrastructure.tables import inbox, outbox
from tests.fakes.risk_events import partner_approved, trade_amended, trade_cancelled, trade_confirmed


def _bus(container: Container) -> InProcessBus:
    bus = InProcessBus()
    register_risk_subscribers(bus, container.risk_uow, FixedBands())
    return bus


async def _deliver(bus: InProcessBus, *events: IntegrationEvent) -> None:
    for event in events:
        await bus.publish(Envelope.wrap(event, tenant_id=str(getattr(event, "tenant_id"))))  # noqa: B009


async def test_an_amended_trade_is_revalued_once_and_its_band_crossing_published(container: Container) -> None:
    tenant, buyer, seller, cotton = (uuid.uuid4() for _ in range(4))
    bus = _bus(container)
    confirmed = trade_confirmed(tenant, buyer, seller, cotton, amount="40000", gst="2000")
    amended = trade_amended(confirmed, amount="60000", gst="3000", quantity="2550")
    await _deliver(bus, partner_approved(tenant, buyer, "100000"), confirmed, amended, amended)

    async with container.risk_uow(DataScope(tenant)) as uow:
        exposure = await uow.exposures.get(buyer, "INR")
        record = await uow.trades.get(confirmed.trade_id)
        [position] = await uow.positions.list(PositionFilter(limit=10))
    assert exposure is not None
    assert record is not None
    assert (exposure.amount, exposure.band.value) == (Decimal("63000"), "yellow")
    assert (record.quantity, record.amount, record.tax) == (Decimal("2550"), Decimal("60000"), Decimal("3000"))
    assert (position.long_quantity, position.long_value) == (Decimal("2550"), Decimal("60000"))
    assert (position.short_quantity, position.short_value) == (Decimal("2550"), Decimal("60000"))

    async with container.session_factory() as session:
        # other tests leave committed claims and outbox rows: only this test's are read
        claims = select(inbox.c.consumer).where(inbox.c.event_id == amended.event_id)
        handled = (await session.execute(claims)).scalars().all()
        published = (
            await session.execute(
                select(outbox.c.wire_name, outbox.c.payload)
                .where(outbox.c.aggregate_id == str(buyer), outbox.c.wire_name == "risk.utilization_band_crossed.v1")
                .order_by(outbox.c.seq)
            )
        ).all()
    assert handled == ["risk.on_trade_amended_revalue_risk"]
    [crossing] = [row.payload for row in published]
    assert (crossing["old_band"], crossing["new_band"], crossing["exposure"]) == ("green", "yellow", "63000")

    # a later cancellation reverses the amended figures
    await _deliver(bus, trade_cancelled(confirmed))
    async with container.risk_uow(DataScope(tenant)) as uow:
        exposure = await uow.exposures.get(buyer, "INR")
        [position] = await uow.positions.list(PositionFilter(limit=10))
    assert exposure is not None
    assert exposure.amount == Decimal(0)
    assert (position.long_quantity, position.short_value) == (Decimal(0), Decimal(0))
