"""Credit reservations on PostgreSQL: a booking's reservation counts against the limit until its trade
is counted (consumed exactly once, however often the trade is announced), released (idempotent), or
expired; the purge job removes the ones nobody needs."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from backend.app.bootstrap import Container
from backend.core.clock import utc_now
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import DataScope
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.facade import RiskFacadeService
from backend.modules.risk.application.reservation_purge import purge_credit_reservations
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from backend.modules.risk.domain.errors import CreditLimitExceeded
from backend.modules.risk.domain.reservations import ReservationStatus
from tests.fakes.risk_events import partner_approved, trade_confirmed

HOUR = timedelta(hours=1)


class Buyer:
    """A buyer approved with a limit of 100000 INR in a fresh tenant, its facade and a risk bus."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.tenant, self.id, self.seller, self.cotton = (uuid.uuid4() for _ in range(4))
        self.bus = InProcessBus()
        register_risk_subscribers(self.bus, container.risk_uow, FixedBands())
        self.facade = RiskFacadeService(RiskContext(container.risk_uow, FixedBands()), DataScope(self.tenant))

    async def deliver(self, *events: IntegrationEvent) -> None:
        for event in events:
            await self.bus.publish(Envelope.wrap(event, tenant_id=str(self.tenant)))

    async def reserve(self, amount: str, ttl: timedelta = HOUR) -> uuid.UUID:
        return await self.facade.reserve_credit(self.id, Decimal(amount), "INR", "negotiation n offer o", ttl)

    async def figures(self) -> tuple[Decimal, Decimal]:
        """(exposure, what active reservations hold)."""
        async with self.container.risk_uow(DataScope(self.tenant)) as uow:
            exposure = await uow.exposures.get(self.id, "INR")
            held = await uow.reservations.held(self.id, "INR", utc_now())
        return (exposure.amount if exposure is not None else Decimal(0)), held

    async def status(self, reservation_id: uuid.UUID) -> ReservationStatus | None:
        async with self.container.risk_uow(DataScope(self.tenant)) as uow:
            reservation = await uow.reservations.get(reservation_id)
        return None if reservation is None else reservation.status


@pytest.fixture
async def buyer(container: Container) -> Buyer:
    b = Buyer(container)
    await b.deliver(partner_approved(b.tenant, b.id, "100000"))
    return b


async def test_reservations_count_against_the_limit_and_the_refusal_names_them(buyer: Buyer) -> None:
    await buyer.reserve("63000")
    assert await buyer.figures() == (Decimal(0), Decimal(63000))
    await buyer.reserve("37000")  # exactly at the limit fits
    with pytest.raises(CreditLimitExceeded) as refused:
        await buyer.reserve("0.01")
    extra = refused.value.extra
    assert (extra["limit"], extra["exposure"], extra["amount"], extra["available"]) == ("100000", "100000", "0.01", "0")


async def test_the_trade_consumes_its_reservation_exactly_once(buyer: Buyer) -> None:
    reservation = await buyer.reserve("63000")
    trade = trade_confirmed(
        buyer.tenant,
        buyer.id,
        buyer.seller,
        buyer.cotton,
        amount="60000",
        gst="3000",
        credit_reservation_id=reservation,
    )
    # the same event redelivered, and the same trade announced again under a new event id
    again = trade.model_copy(update={"event_id": uuid.uuid4()})
    await buyer.deliver(trade, trade, again)

    assert await buyer.figures() == (Decimal(63000), Decimal(0))  # moved from reservation to exposure, once
    assert await buyer.status(reservation) is ReservationStatus.CONSUMED
    await buyer.facade.release_credit(reservation)  # too late: the trade counts, the release changes nothing
    assert await buyer.status(reservation) is ReservationStatus.CONSUMED
    await buyer.reserve("37000")
    with pytest.raises(CreditLimitExceeded):
        await buyer.reserve("1")


async def test_release_gives_the_credit_back_and_is_idempotent(buyer: Buyer) -> None:
    reservation = await buyer.reserve("100000")
    for _ in range(2):
        await buyer.facade.release_credit(reservation)
    await buyer.facade.release_credit(uuid.uuid4())  # unknown (or purged): nothing to do
    assert await buyer.status(reservation) is ReservationStatus.RELEASED
    assert await buyer.figures() == (Decimal(0), Decimal(0))
    await buyer.reserve("100000")


async def test_expired_reservations_stop_counting_and_are_purged(buyer: Buyer) -> None:
    crashed = await buyer.reserve("100000", ttl=timedelta(milliseconds=50))
    await asyncio.sleep(0.1)  # the booking crashed: nobody consumes or releases it
    assert await buyer.figures() == (Decimal(0), Decimal(0))
    live = await buyer.reserve("100000")

    context = RiskContext(buyer.container.risk_uow, FixedBands())
    await purge_credit_reservations(context)
    assert await buyer.status(crashed) is ReservationStatus.ACTIVE  # kept a day for investigation
    await purge_credit_reservations(context, keep_for=timedelta(0))
    assert await buyer.status(crashed) is None
    assert await buyer.status(live) is ReservationStatus.ACTIVE
