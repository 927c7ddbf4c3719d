"""The trading repositories' contract, on the in-memory fake and on PostgreSQL alike: every field
round-trips, a stale version is refused, the scope limits what is seen, the prefilters agree."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import DataScope
from backend.modules.trading.application.matching import candidate_query, score_bound
from backend.modules.trading.application.ports import PostingFilter, RequirementQuery, TradingUnitOfWork
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.availability_terms import AvailabilityTerms
from backend.modules.trading.domain.enums import PriceType, Urgency, Visibility
from backend.modules.trading.domain.facts import CommodityFacts, PartyFacts
from backend.modules.trading.domain.geo import GeoPoint, Place
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.matching import Candidate, evaluate
from backend.modules.trading.domain.quality import ParameterKind, ParameterSpec, QualityRange
from backend.modules.trading.domain.quantities import Quantity, UnitTable
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint, RequirementTerms
from backend.modules.trading.domain.scoring import DEFAULT_CONFIG
from backend.modules.trading.infrastructure.tables import outbox
from tests.fakes.trading import FakeTrading

NOW = datetime.now(UTC).replace(microsecond=0)
COTTON = CommodityFacts(
    id=uuid.uuid4(),
    code="COTTON",
    units=UnitTable("KG", (("BALE", Decimal(170)), ("CANDY", Decimal("355.56")))),
    quality=(
        ParameterSpec("staple_length", ParameterKind.RANGE, Decimal(20), Decimal(38), unit="mm"),
        ParameterSpec("micronaire", ParameterKind.NUMERIC, Decimal("2.5"), Decimal(6)),
        ParameterSpec("grade", ParameterKind.ENUM, allowed_values=("S-4", "S-6")),
    ),
    varieties=("Shankar-6", "MCU-5"),
)
RAJKOT = (Decimal("22.3039"), Decimal("70.8022"))
AHMEDABAD = (Decimal("23.0225"), Decimal("72.5714"))


@dataclass
class Storage:
    new_uow: Callable[[DataScope], TradingUnitOfWork]
    published: Callable[[], Awaitable[list[tuple[str, str]]]]

    def uow(self, tenant_id: uuid.UUID | None, partner_id: uuid.UUID | None = None) -> TradingUnitOfWork:
        return self.new_uow(DataScope(tenant_id, partner_id, platform=tenant_id is None))


@pytest.fixture(params=["in-memory", "postgresql"])
def storage(request: pytest.FixtureRequest) -> Storage:
    if request.param == "in-memory":
        fake = FakeTrading()

        async def fake_published() -> list[tuple[str, str]]:
            return [(event.wire_name, event.aggregate_id) for event in fake.published]

        return Storage(fake.uow, fake_published)
    container: Container = request.getfixturevalue("container")

    async def sql_published() -> list[tuple[str, str]]:
        async with container.session_factory() as session:
            rows = await session.execute(select(outbox.c.wire_name, outbox.c.aggregate_id).order_by(outbox.c.seq))
            return [(row.wire_name, row.aggregate_id) for row in rows]

    return Storage(container.trading_uow, sql_published)


@pytest.fixture
def tenant() -> uuid.UUID:
    return uuid.uuid4()


def here(where: tuple[Decimal, Decimal], state: str = "24") -> Place:
    return Place(uuid.uuid4(), "IN", state, "Asia/Kolkata", GeoPoint(*where))


def lot(tenant_id: uuid.UUID, seller: uuid.UUID, where: Place | None = None, **overrides: object) -> Availability:
    values: dict[str, object] = {
        "quantity": Quantity(Decimal("12.5"), "CANDY"),
        "price": Decimal("60000.50"),
        "price_unit": "CANDY",
        "currency": "INR",
        "ship_from": where or here(RAJKOT),
        "delivery_terms": "ex-gin Rajkot",
        "available_from": NOW.date(),
        "available_until": NOW.date() + timedelta(days=10),
        "variety": "Shankar-6",
        "quality": {"staple_length": "28-29.5", "micronaire": "4.1", "grade": "S-6"},
    }
    terms = AvailabilityTerms(**{**values, **overrides})  # type: ignore[arg-type]
    return Availability.create(tenant_id=tenant_id, seller_partner_id=seller, commodity=COTTON, terms=terms, now=NOW)


def need(tenant_id: uuid.UUID, buyer: uuid.UUID, **overrides: object) -> Requirement:
    values: dict[str, object] = {
        "quantity_unit": "BALE",
        "min_quantity": Decimal(10),
        "preferred_quantity": Decimal(20),
        "max_quantity": Decimal(30),
        "max_price": Decimal(62000),
        "price_unit": "CANDY",
        "currency": "INR",
        "delivery_points": (DeliveryPoint(here(AHMEDABAD), Decimal(300)),),
        "delivery_from": NOW.date(),
        "delivery_until": NOW.date() + timedelta(days=20),
        "payment_terms": "against delivery",
        "delivery_terms": "delivered Ahmedabad",
        "variety": "Shankar-6",
        "quality": (QualityRange("staple_length", Decimal(28), Decimal(30), Decimal(29)),),
    }
    terms = RequirementTerms(**{**values, **overrides})  # type: ignore[arg-type]
    return Requirement.create(tenant_id=tenant_id, buyer_partner_id=buyer, commodity=COTTON, terms=terms, now=NOW)


def found(requirement: Requirement, availability: Availability) -> Match:
    """A match of the two, published here if they are drafts."""
    for posting in (requirement, availability):
        if posting.status.value == "draft":
            posting.publish(NOW)
    candidate = Candidate(availability, PartyFacts(availability.seller_partner_id))
    result = evaluate(requirement, PartyFacts(requirement.buyer_partner_id), candidate, NOW).result
    assert result is not None
    token = f"M-{uuid.uuid4().hex[:12]}"
    return Match.found(
        tenant_id=requirement.tenant_id, buyer_partner_id=requirement.buyer_partner_id, result=result, token=token
    )


async def _store(storage: Storage, tenant: uuid.UUID, *aggregates: Availability | Requirement | Match) -> None:
    async with storage.uow(tenant) as uow:
        for aggregate in aggregates:
            if isinstance(aggregate, Availability):
                await uow.availabilities.add(aggregate)
            elif isinstance(aggregate, Requirement):
                await uow.requirements.add(aggregate)
            else:
                await uow.matches.add(aggregate)
        await uow.commit()


async def test_every_field_of_an_availability_survives_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    original = lot(
        tenant,
        uuid.uuid4(),
        minimum_order=Quantity(Decimal(10), "BALE"),
        partial_orders_allowed=False,
        price_type=PriceType.FIXED,
        visibility=Visibility.RESTRICTED,
        listed_buyers=frozenset({uuid.uuid4(), uuid.uuid4()}),
        country_of_origin="US",
        cut_off=time(17, 30),
    )
    original.publish(NOW)
    await _store(storage, tenant, original)
    async with storage.uow(tenant) as uow:
        loaded = await uow.availabilities.get(original.id)
        assert [a.id for a in await uow.availabilities.get_many({original.id, uuid.uuid4()})] == [original.id]
        assert [a.id for a in await uow.availabilities.with_fingerprint(original.fingerprint)] == [original.id]
    assert loaded is not None
    assert asdict(loaded) == asdict(original)
    assert (loaded.version, loaded.persisted_version) == (original.version, original.version)
    assert await storage.published() == [("trading.availability_published.v1", str(original.id))]


async def test_every_field_of_a_requirement_survives_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    original = need(
        tenant,
        uuid.uuid4(),
        preferred_price=Decimal("61000.25"),
        quality=(
            QualityRange("staple_length", Decimal(28), None, Decimal("29.5")),
            QualityRange("micronaire", None, Decimal("4.6")),
            QualityRange("grade", accepted=("S-4", "S-6"), preferred="S-6"),
        ),
        delivery_points=(
            DeliveryPoint(here(AHMEDABAD), Decimal(300)),
            DeliveryPoint(here(RAJKOT), Decimal("0")),
        ),
        allow_inter_state=True,
        origin_country="IN",
        visibility=Visibility.RESTRICTED,
        listed_sellers=frozenset({uuid.uuid4()}),
        urgency=Urgency.URGENT,
        cut_off=time(9),
    )
    await _store(storage, tenant, original)
    async with storage.uow(tenant) as uow:
        loaded = await uow.requirements.get(original.id)
    assert loaded is not None
    assert asdict(loaded) == asdict(original)
    assert await storage.published() == []  # a draft announces nothing


async def test_every_field_of_a_match_survives_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    requirement, availability = need(tenant, uuid.uuid4()), lot(tenant, uuid.uuid4())
    match = found(requirement, availability)
    await _store(storage, tenant, requirement, availability, match)
    async with storage.uow(tenant) as uow:
        [loaded] = await uow.matches.for_requirement(requirement.id)
        assert await uow.matches.for_requirement(uuid.uuid4()) == []
    assert asdict(loaded) == asdict(match)
    assert await storage.published() == [
        ("trading.requirement_published.v1", str(requirement.id)),
        ("trading.availability_published.v1", str(availability.id)),
        ("trading.match_found.v1", str(requirement.id)),  # keyed by its requirement
    ]


async def test_a_stale_save_is_refused_and_uncommitted_work_discarded(storage: Storage, tenant: uuid.UUID) -> None:
    availability, requirement = lot(tenant, uuid.uuid4()), need(tenant, uuid.uuid4())
    await _store(storage, tenant, availability, requirement)
    async with storage.uow(tenant) as uow:
        stale_a = await uow.availabilities.get(availability.id)
        stale_r = await uow.requirements.get(requirement.id)
    assert stale_a is not None
    assert stale_r is not None
    async with storage.uow(tenant) as uow:
        fresh_a = await uow.availabilities.get(availability.id, for_update=True)
        fresh_r = await uow.requirements.get(requirement.id, for_update=True)
        assert fresh_a is not None
        assert fresh_r is not None
        fresh_a.publish(NOW)
        fresh_r.publish(NOW)
        await uow.availabilities.save(fresh_a)
        await uow.requirements.save(fresh_r)
        await uow.commit()
    stale_a.cancel("late")
    stale_r.cancel("late")
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict, match="availability"):
            await uow.availabilities.save(stale_a)
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict, match="requirement"):
            await uow.requirements.save(stale_r)
    async with storage.uow(tenant) as uow:  # no commit: nothing happened
        fresh = await uow.availabilities.get(availability.id)
        assert fresh is not None
        fresh.cancel("rolled back")
        await uow.availabilities.save(fresh)
    async with storage.uow(tenant) as uow:
        loaded = await uow.availabilities.get(availability.id)
    assert loaded is not None
    assert (loaded.status.value, loaded.version) == ("active", 2)


async def test_a_stale_match_is_refused(storage: Storage, tenant: uuid.UUID) -> None:
    requirement, availability = need(tenant, uuid.uuid4()), lot(tenant, uuid.uuid4())
    match = found(requirement, availability)
    await _store(storage, tenant, requirement, availability, match)
    async with storage.uow(tenant) as uow:
        [fresh] = await uow.matches.for_requirement(requirement.id)
        fresh.close()
        await uow.matches.save(fresh)
        await uow.commit()
    match.begin_negotiation()
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict, match="match"):
            await uow.matches.save(match)


async def test_the_scope_limits_what_is_seen_and_saved(storage: Storage, tenant: uuid.UUID) -> None:
    seller, buyer, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    availability, requirement = lot(tenant, seller), need(tenant, buyer)
    match = found(requirement, availability)
    await _store(storage, tenant, availability, requirement, match)
    async with storage.uow(tenant, seller) as uow:
        assert await uow.availabilities.get(availability.id) is not None
        assert await uow.requirements.get(requirement.id) is None
        assert len(await uow.matches.for_requirement(requirement.id)) == 1  # either side sees the match
    async with storage.uow(tenant, buyer) as uow:
        assert await uow.availabilities.get(availability.id) is None
        assert await uow.availabilities.get_many({availability.id}) == []
        assert [r.id for r in await uow.requirements.search(PostingFilter(limit=10))] == [requirement.id]
    async with storage.uow(tenant, third) as uow:
        assert await uow.matches.for_requirement(requirement.id) == []
        assert await uow.requirements.search(PostingFilter(limit=10)) == []
    async with storage.uow(uuid.uuid4()) as uow:
        assert await uow.availabilities.get(availability.id) is None
        assert await uow.availabilities.search(PostingFilter(limit=10)) == []
        assert await uow.availabilities.with_fingerprint(availability.fingerprint) == []
        availability.block("checked")
        with pytest.raises(ConcurrencyConflict):
            await uow.availabilities.save(availability)  # another tenant's row is not there to update
    async with storage.uow(None) as uow:  # the platform sees every tenant
        assert await uow.availabilities.get(availability.id) is not None


async def test_the_matching_prefilter_and_bound_agree(storage: Storage, tenant: uuid.UUID) -> None:
    buyer = uuid.uuid4()
    requirement = need(tenant, buyer)
    requirement.publish(NOW)
    near = lot(tenant, uuid.uuid4())
    others = [
        lot(tenant, uuid.uuid4(), variety="MCU-5"),
        lot(tenant, uuid.uuid4(), price=Decimal(62001)),
        lot(tenant, uuid.uuid4(), where=here((Decimal("11.0168"), Decimal("76.9558")), "33")),
        lot(tenant, buyer),  # the buyer's own
        lot(tenant, uuid.uuid4(), where=here(AHMEDABAD, "27")),  # another state
        lot(tenant, uuid.uuid4(), currency="USD", price=Decimal(700)),
    ]
    draft = lot(tenant, uuid.uuid4())
    for availability in (near, *others):
        availability.publish(NOW)
    await _store(storage, tenant, requirement, near, *others, draft)
    stranger = uuid.uuid4()
    await _store(storage, stranger, lot(stranger, uuid.uuid4()))  # another tenant's twin of ``near``
    query, bound = candidate_query(requirement, DEFAULT_CONFIG, NOW), score_bound(requirement, DEFAULT_CONFIG)
    async with storage.uow(tenant) as uow:
        candidates = await uow.availabilities.candidates(query)
        page = await uow.availabilities.bounded(query, bound, offset=0, limit=10)
    assert [a.id for a in candidates] == [near.id]
    [(offered, upper)] = page
    exact = evaluate(requirement, PartyFacts(buyer), Candidate(offered, PartyFacts(offered.seller_partner_id)), NOW)
    assert exact.result is not None
    assert float(exact.result.score.total) <= upper


async def test_open_requirements_and_due_postings_are_found(storage: Storage, tenant: uuid.UUID) -> None:
    seller = uuid.uuid4()
    cheap, draft = need(tenant, uuid.uuid4()), need(tenant, uuid.uuid4())
    dear = need(tenant, uuid.uuid4(), max_price=Decimal(50000))
    availability = lot(tenant, seller)
    for posting in (cheap, dear, availability):
        posting.publish(NOW)
    await _store(storage, tenant, cheap, dear, draft, availability)
    query = RequirementQuery(COTTON.id, seller, "INR", Decimal("168.75"), NOW, 10)
    async with storage.uow(tenant) as uow:
        assert await uow.requirements.open_for(query) == [cheap.id]
    after_all = datetime.combine(NOW.date() + timedelta(days=30), time(), UTC)
    async with storage.uow(None) as uow:
        due = [a.id for a in await uow.availabilities.due_to_expire(after_all, 500)]
        due_requirements = {r.id for r in await uow.requirements.due_to_expire(after_all, 500)}
    assert availability.id in due
    assert {cheap.id, dear.id} <= due_requirements
    assert draft.id not in due_requirements
    async with storage.uow(tenant) as uow:
        assert await uow.availabilities.due_to_expire(NOW, 500) == []
