"""The threshold search equals the domain's brute force on random data in PostgreSQL: the same top N
(availabilities, scores and order; ties go to the earliest posting, then the id) from any first
threshold, a threshold's narrower prefilter keeps every row that can reach it, and the SQL bound is
never below a row's exact neutral score. The quality values the bound reads are the JSONB's, as
numbers (migration 0005)."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.core.principal import DataScope
from backend.modules.trading.application.match_search import best_candidates, candidate_query, score_bound
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.geo import GeoPoint, Place
from backend.modules.trading.domain.matching import Candidate, rank
from backend.modules.trading.domain.quality import QualityRange, QualityValue, ValueRange
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint
from backend.modules.trading.domain.scoring import DEFAULT_CONFIG
from backend.modules.trading.infrastructure.tables import availabilities
from tests.unit.trading.builders import BUYER, NOW, TENANT, availability, place, requirement

D = Decimal
SELLERS = [uuid.UUID(int=500 + i) for i in range(12)] + [BUYER]  # the buyer itself: an insider, never a match
CENTRES = [("24", 23.02, 72.57), ("24", 22.30, 70.80), ("27", 19.07, 72.88), ("27", 20.93, 77.75)]


def _quality(rng: random.Random) -> dict[str, QualityValue]:
    low = D(rng.randint(260, 310)) / 10
    high = low + D(rng.choice([5, 10, 15])) / 10
    # a number, a measured range, or labels the domain parses as a range or a number
    staple = rng.choice([low, low, ValueRange(low, high), f"{low}-{high}", str(low)])
    values: dict[str, QualityValue] = {"staple_length": staple, "micronaire": D(rng.randint(30, 55)) / 10}
    if rng.random() < 0.7:
        values["trash"] = D(rng.randint(0, 60)) / 10
    if rng.random() < 0.7:
        values["grade"] = rng.choice(["A", "B", "C"])
    return values


def _lot(rng: random.Random) -> Availability:
    state, lat, lon = rng.choice(CENTRES)
    ship_from = Place(
        uuid.uuid4(),
        "IN",
        state,
        "Asia/Kolkata",
        GeoPoint(D(str(round(lat + rng.uniform(-2.5, 2.5), 4))), D(str(round(lon + rng.uniform(-2.5, 2.5), 4)))),
    )
    return availability(
        publish=rng.random() < 0.9,
        seller=rng.choice(SELLERS),
        ship_from=ship_from,
        price=D(rng.randrange(55000, 64000, 250)),
        quality=_quality(rng),
    )


def _wanted(rng: random.Random) -> Requirement:
    return requirement(
        delivery_points=(
            DeliveryPoint(place("Ahmedabad"), D(rng.choice([150, 300, 400]))),
            DeliveryPoint(place("Mumbai"), D(rng.choice([100, 250]))),
        ),
        allow_inter_state=rng.random() < 0.5,
        variety=None,
        preferred_price=rng.choice([None, D(59000), D(60500)]),
        quality=(
            QualityRange("staple_length", D(28), D(31), D("29.5")),
            QualityRange("micronaire", D("3.5"), D("4.9"), D("4.2")),
            QualityRange("trash", None, D(5), D(1)),
            QualityRange("grade", accepted=("A", "B"), preferred="A"),
        ),
    )


def _brute(wanted: Requirement, lots: list[Availability], top: int) -> list[tuple[uuid.UUID, Decimal]]:
    ranked = rank(
        wanted,
        (Candidate(a, PartyFacts(a.seller_partner_id)) for a in lots),
        DEFAULT_CONFIG,
        buyer=PartyFacts(wanted.buyer_partner_id),
        now=NOW,
    )
    return [(r.availability_id, r.score.total) for r in ranked[:top]]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_the_sql_path_ranks_exactly_like_the_domain(container: Container, seed: int) -> None:
    rng = random.Random(seed)
    lots = [_lot(rng) for _ in range(300)]
    wanted = _wanted(rng)
    async with container.trading_uow(DataScope(TENANT)) as uow:
        for lot in lots:
            await uow.availabilities.add(lot)
        for top in (1, 10, 50):
            for first in (None, D("0.99"), D("0.85"), D("0.7")):  # the threshold ladder and single steps
                found, _ = await best_candidates(wanted, uow, DEFAULT_CONFIG, NOW, top, first_threshold=first)
                assert [(r.availability_id, r.score.total) for r in found] == _brute(wanted, lots, top)
        exact = dict(_brute(wanted, lots, len(lots)))
        for threshold in (D("0.95"), D("0.9"), D("0.8"), D("0.7")):  # a threshold's narrower prefilter keeps
            above = {i for i, score in exact.items() if score >= threshold}  # every row that can reach it
            query = candidate_query(wanted, DEFAULT_CONFIG, NOW, threshold)
            bound = score_bound(wanted, DEFAULT_CONFIG, threshold)
            kept = await uow.availabilities.bounded(query, bound, offset=0, limit=1000)
            assert above <= {a.id for a, _ in kept}
        page = await uow.availabilities.bounded(
            candidate_query(wanted, DEFAULT_CONFIG, NOW), score_bound(wanted, DEFAULT_CONFIG), offset=0, limit=1000
        )
        bounds = {a.id: bound for a, bound in page}
        assert set(exact) <= set(bounds)  # the prefilter keeps every match
        assert all(float(score) <= bounds[i] for i, score in exact.items())
        # tight: the rounding slack, plus at most the graded share (bounded by 1) and half the delivery
        # weight (the bound takes the best eligible location, the domain the nearest)
        assert all(bounds[i] - float(score) < 0.4 / 4 + 0.15 / 2 + 0.001 for i, score in exact.items())


async def test_ties_go_to_the_earliest_posting(container: Container) -> None:
    first = availability()
    later = replace(availability(), published_at=NOW.replace(hour=7), id=uuid.UUID(int=1))
    wanted = requirement()
    async with container.trading_uow(DataScope(TENANT)) as uow:
        await uow.availabilities.add(later)
        await uow.availabilities.add(first)
        found, _ = await best_candidates(wanted, uow, DEFAULT_CONFIG, NOW, 1)
    assert [r.availability_id for r in found] == [first.id]


async def test_the_quality_numbers_are_the_jsonb_values(container: Container) -> None:
    lot = availability(
        quality={
            "staple_length": ValueRange(D("28.5"), D("29.25")),
            "micronaire": D("4.1"),
            "grade": "A",  # a label: no numbers, the bound counts it 1
        }
    )
    async with container.trading_uow(DataScope(TENANT)) as uow:
        await uow.availabilities.add(lot)
        t = availabilities
        statement = select(t.c.match_quality_names, t.c.match_quality).where(t.c.id == lot.id)
        row = (await uow.session.execute(statement)).one()
    assert row.match_quality_names == ["grade", "micronaire", "staple_length"]
    assert row.match_quality == [None, None, 4.1, 4.1, 28.5, 29.25]  # low, high per name
