"""The negotiation and trade repositories' contract, on the in-memory fake and on PostgreSQL alike:
every field round-trips, a stale version is refused, only the parties see a deal, pages and idle
look-ups agree, trade numbers have no gaps, and each status change leaves a history line."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from backend.app.bootstrap import Container
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import DataScope
from backend.modules.trading.application.ports import DealFilter, TradingUnitOfWork
from backend.modules.trading.domain.enums import TradeStatus
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.domain.negotiation import Negotiation, NegotiationLimits, OfferTerms
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.infrastructure.deal_tables import trade_status_history
from backend.modules.trading.infrastructure.tables import outbox
from tests.fakes.trading import FakeTrading
from tests.integration.trading.test_repository_contract import NOW, found, lot, need

History = list[tuple[str | None, str, str | None]]  # (from, to, reason)


@dataclass
class Storage:
    new_uow: Callable[[DataScope], TradingUnitOfWork]
    published: Callable[[], Awaitable[list[str]]]
    history: Callable[[uuid.UUID], Awaitable[History]]

    def uow(self, tenant_id: uuid.UUID | None, partner_id: uuid.UUID | None = None) -> TradingUnitOfWork:
        return self.new_uow(DataScope(tenant_id, partner_id, platform=tenant_id is None))


@pytest.fixture(params=["in-memory", "postgresql"])
def storage(request: pytest.FixtureRequest) -> Storage:
    if request.param == "in-memory":
        fake = FakeTrading()

        async def fake_published() -> list[str]:
            return fake.wire_names()

        async def fake_history(trade_id: uuid.UUID) -> History:
            lines = fake.stores.trade_history
            return [(line.from_status, line.to_status, line.reason) for line in lines if line.trade_id == trade_id]

        return Storage(fake.uow, fake_published, fake_history)
    container: Container = request.getfixturevalue("container")

    async def sql_published() -> list[str]:
        async with container.session_factory() as session:
            return list((await session.execute(select(outbox.c.wire_name).order_by(outbox.c.seq))).scalars())

    async def sql_history(trade_id: uuid.UUID) -> History:
        h = trade_status_history
        async with container.session_factory() as session:
            await session.execute(text("SELECT set_config('mandi.platform', 'on', true)"))
            statement = select(h.c.from_status, h.c.to_status, h.c.reason).where(h.c.trade_id == trade_id)
            return [tuple(row) for row in await session.execute(statement.order_by(h.c.id))]

    return Storage(container.trading_uow, sql_published, sql_history)


@pytest.fixture
def tenant() -> uuid.UUID:
    return uuid.uuid4()


LIMITS = NegotiationLimits(Decimal(60000), Decimal(1700), Decimal("4444.5"), None)
TERMS = OfferTerms("against delivery", "ex-gin Rajkot", date(2026, 7, 1), "first lot")


async def negotiating(
    storage: Storage, tenant: uuid.UUID, started: int = 0, buyer: uuid.UUID | None = None
) -> Negotiation:
    """A stored match and a negotiation on it (not stored), started ``started`` minutes after NOW."""
    requirement, availability = need(tenant, buyer or uuid.uuid4()), lot(tenant, uuid.uuid4())
    match = found(requirement, availability)
    async with storage.uow(tenant) as uow:
        await uow.requirements.add(requirement)
        await uow.availabilities.add(availability)
        await uow.matches.add(match)
        await uow.commit()
    return Negotiation.start(
        match=match,
        by_partner_id=match.buyer_partner_id,
        price_basis=availability.price,
        unit=availability.unit,
        limits=LIMITS,
        idle_timeout=timedelta(hours=36),
        now=NOW + timedelta(minutes=started),
    )


async def add(storage: Storage, tenant: uuid.UUID, *deals: Negotiation | Trade, by: uuid.UUID | None = None) -> None:
    async with storage.uow(tenant) as uow:
        for deal in deals:
            if isinstance(deal, Negotiation):
                await uow.negotiations.add(deal)
            else:
                await uow.trades.add(deal, by=by or uuid.uuid4())
        await uow.commit()


def address(city: str, state_code: str) -> AddressSnapshot:
    where = (city, "360001", "IN", state_code, "Gujarat")
    return AddressSnapshot(uuid.uuid4(), f"{city} yard", "1 Market Yard", *where, "Gate 2", "24AAACR1234A1Z5")


async def trading(storage: Storage, tenant: uuid.UUID, number: str = "TR-2026-000001") -> Trade:
    """A stored negotiation, accepted, and its trade (not stored)."""
    negotiation = await negotiating(storage, tenant)
    negotiation.make_offer(
        by_partner_id=negotiation.buyer_partner_id, price=Decimal(60000), quantity=Decimal(2000), terms=TERMS, now=NOW
    )
    deal = negotiation.accept(by_partner_id=negotiation.seller_partner_id, now=NOW)
    await add(storage, tenant, negotiation)
    ship_to = address("Ahmedabad", "24")
    return Trade.book(
        tenant_id=tenant,
        number=number,
        deal=deal,
        commodity_id=uuid.uuid4(),
        gst_rate=Decimal(5),
        ship_to=ship_to,
        bill_to=ship_to,
        ship_from=address("Rajkot", "24"),
        now=NOW,
    )


async def test_every_field_of_a_negotiation_survives_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    negotiation = await negotiating(storage, tenant)
    buyer, quantity = negotiation.buyer_partner_id, Decimal("2000.25")
    negotiation.make_offer(by_partner_id=buyer, price=Decimal(60000), quantity=quantity, terms=TERMS, now=NOW)
    await add(storage, tenant, negotiation)
    async with storage.uow(tenant) as uow:
        loaded = await uow.negotiations.get(negotiation.id, for_update=True)
        assert loaded is not None
        assert asdict(loaded) == asdict(negotiation)
        assert (loaded.version, loaded.persisted_version) == (negotiation.version, negotiation.version)
        later = NOW + timedelta(hours=1)
        loaded.make_offer(
            by_partner_id=loaded.seller_partner_id,
            price=Decimal(60000),
            quantity=Decimal("1999.5"),
            terms=OfferTerms("advance", "delivered"),
            now=later,
        )
        await uow.negotiations.save(loaded)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        again = await uow.negotiations.get(negotiation.id)
    assert again is not None
    assert asdict(again) == asdict(loaded)
    assert [o.status.value for o in again.offers] == ["countered", "pending"]
    assert await storage.published() == [
        "trading.requirement_published.v1",
        "trading.availability_published.v1",
        "trading.match_found.v1",
        "trading.negotiation_started.v1",
        "trading.offer_made.v1",
        "trading.offer_made.v1",
    ]


async def test_every_field_of_a_trade_survives_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    trade = await trading(storage, tenant)
    await add(storage, tenant, trade)
    async with storage.uow(tenant) as uow:
        loaded = await uow.trades.get(trade.id)
        assert [t.id for t in await uow.trades.search(DealFilter(limit=10))] == [trade.id]
    assert loaded is not None
    assert asdict(loaded) == asdict(trade)
    assert (loaded.version, loaded.persisted_version) == (trade.version, trade.version)
    assert (await storage.published())[-1] == "trading.trade_confirmed.v1"


async def test_a_stale_deal_is_refused_and_uncommitted_work_discarded(storage: Storage, tenant: uuid.UUID) -> None:
    trade = await trading(storage, tenant)
    await add(storage, tenant, trade)
    async with storage.uow(tenant) as uow:
        fresh = await uow.trades.get(trade.id, for_update=True)
        assert fresh is not None
        fresh.ship(uuid.uuid4())
        await uow.trades.save(fresh, by=uuid.uuid4())
        await uow.commit()
    trade.cancel(uuid.uuid4(), "late")
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict, match="trade"):
            await uow.trades.save(trade, by=uuid.uuid4())
    negotiation = await negotiating(storage, tenant)
    await add(storage, tenant, negotiation)
    async with storage.uow(tenant) as uow:  # no commit: nothing happened
        loaded = await uow.negotiations.get(negotiation.id)
        assert loaded is not None
        loaded.withdraw(by_partner_id=loaded.seller_partner_id, reason="rolled back", now=NOW)
        await uow.negotiations.save(loaded)
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict, match="negotiation"):
            await uow.negotiations.save(loaded)  # its version moved on only in the rolled-back work
        kept = await uow.negotiations.get(negotiation.id)
    assert kept is not None
    assert (kept.status.value, kept.version) == ("open", 1)


async def test_only_the_parties_see_a_deal(storage: Storage, tenant: uuid.UUID) -> None:
    trade = await trading(storage, tenant)
    await add(storage, tenant, trade)
    buyer, seller = trade.buyer_partner_id, trade.seller_partner_id
    for party in (buyer, seller):
        async with storage.uow(tenant, party) as uow:
            assert await uow.trades.get(trade.id) is not None
            assert await uow.negotiations.get(trade.negotiation_id) is not None
            assert [t.id for t in await uow.trades.search(DealFilter(limit=10))] == [trade.id]
    async with storage.uow(tenant, uuid.uuid4()) as uow:
        assert await uow.trades.get(trade.id) is None
        assert await uow.negotiations.get(trade.negotiation_id) is None
        assert await uow.trades.search(DealFilter(limit=10)) == []
        assert await uow.negotiations.search(DealFilter(limit=10)) == []
        trade.ship(uuid.uuid4())
        with pytest.raises(ConcurrencyConflict):
            await uow.trades.save(trade, by=uuid.uuid4())  # a row it cannot see is not there to update
    async with storage.uow(uuid.uuid4()) as uow:
        assert await uow.trades.get(trade.id) is None
        assert await uow.negotiations.search(DealFilter(limit=10)) == []
    async with storage.uow(None) as uow:  # the platform sees every tenant
        assert await uow.trades.get(trade.id) is not None


async def test_pages_are_newest_first_and_filtered_by_party_and_status(storage: Storage, tenant: uuid.UUID) -> None:
    buyer = uuid.uuid4()
    made = [await negotiating(storage, tenant, started=minute, buyer=buyer) for minute in (0, 1, 2)]
    other = await negotiating(storage, tenant, started=3)
    made[0].withdraw(by_partner_id=buyer, reason="", now=NOW)
    await add(storage, tenant, *made, other)
    async with storage.uow(tenant) as uow:
        first = await uow.negotiations.search(DealFilter(limit=2))
        after = (first[-1].started_at, first[-1].id)
        rest = await uow.negotiations.search(DealFilter(limit=2, after=after))
        mine = await uow.negotiations.search(DealFilter(limit=10, partner_id=buyer))
        theirs = await uow.negotiations.search(DealFilter(limit=10, partner_id=other.seller_partner_id))
        withdrawn = await uow.negotiations.search(DealFilter(limit=10, status="withdrawn"))
    assert [n.id for n in first] == [other.id, made[2].id]
    assert [n.id for n in rest] == [made[1].id, made[0].id]
    assert [n.id for n in mine] == [made[2].id, made[1].id, made[0].id]
    assert [n.id for n in theirs] == [other.id]
    assert [n.id for n in withdrawn] == [made[0].id]


async def test_idle_negotiations_are_found_in_every_tenant(storage: Storage, tenant: uuid.UUID) -> None:
    stranger = uuid.uuid4()
    early, late = await negotiating(storage, tenant), await negotiating(storage, stranger, started=30)
    ended = await negotiating(storage, tenant)
    ended.withdraw(by_partner_id=ended.buyer_partner_id, reason="", now=NOW)
    await add(storage, tenant, early, ended)
    await add(storage, stranger, late)
    timeout = timedelta(hours=36)
    async with storage.uow(None) as uow:
        assert await uow.negotiations.idle_at(NOW + timeout - timedelta(seconds=1), 10) == []
        due = await uow.negotiations.idle_at(NOW + timeout, 10)
        both = await uow.negotiations.idle_at(NOW + timeout + timedelta(minutes=30), 10)
        first = await uow.negotiations.idle_at(NOW + timeout + timedelta(minutes=30), 1)
    assert [n.id for n in due] == [early.id]
    assert [n.id for n in both] == [early.id, late.id]  # longest idle first
    assert [n.id for n in first] == [early.id]


async def test_trade_numbers_have_no_gaps_per_tenant_and_year(storage: Storage, tenant: uuid.UUID) -> None:
    async with storage.uow(tenant) as uow:
        assert [await uow.trades.next_sequence(2026), await uow.trades.next_sequence(2026)] == [1, 2]
        await uow.commit()
    async with storage.uow(tenant) as uow:  # rolled back: the number is given back
        assert await uow.trades.next_sequence(2026) == 3
    async with storage.uow(tenant) as uow:
        assert await uow.trades.next_sequence(2026) == 3
        assert await uow.trades.next_sequence(2027) == 1
        await uow.commit()
    async with storage.uow(uuid.uuid4()) as uow:
        assert await uow.trades.next_sequence(2026) == 1
    async with storage.uow(None) as uow:
        with pytest.raises(RuntimeError, match="per tenant"):
            await uow.trades.next_sequence(2026)


async def test_each_status_change_leaves_a_history_line(storage: Storage, tenant: uuid.UUID) -> None:
    trade = await trading(storage, tenant)
    await add(storage, tenant, trade)
    async with storage.uow(tenant) as uow:
        loaded = await uow.trades.get(trade.id, for_update=True)
        assert loaded is not None
        loaded.dispute(uuid.uuid4(), "short weight")
        await uow.trades.save(loaded, by=uuid.uuid4())
        loaded.resolve_dispute(uuid.uuid4(), cancel=False, reason="weighed again")
        await uow.trades.save(loaded, by=uuid.uuid4())
        await uow.commit()
    async with storage.uow(tenant) as uow:
        again = await uow.trades.get(trade.id)
    assert again is not None
    assert (again.status, again.status_reason, again.version) == (TradeStatus.ACTIVE, "weighed again", 3)
    assert await storage.history(trade.id) == [
        (None, "active", None),
        ("active", "disputed", "short weight"),
        ("disputed", "active", "weighed again"),
    ]
