"""The neutral ranking of a requirement's candidates (risk passed, no party facts), best first, exactly
as the domain ranks them, read from the database a few rows at a time.

A statement hands over the rows whose score bound (``ScoreBound``: never below the domain's exact
score) reaches a threshold ``T``, best bound first. ``T`` starts high and steps down: a high ``T``
also narrows the prefilter itself (``candidate_query``), since a score of ``T`` needs the price and
the delivery components to be at least what the other components at 1 leave over, which caps the
price and shrinks each delivery location's box. Every row a statement does not hand over scores
below ``T`` or below the last bound handed over, so the search stops, exactly, once the wanted-th
exact score is at least ``T`` (all seen) or above the last bound (a full page).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from backend.modules.trading.application.mapping_prices import PREFILTER_PLACES, per_base_unit
from backend.modules.trading.application.ports import (
    Box,
    CandidateQuery,
    DeliveryTarget,
    NumericWish,
    ScoreBound,
    TradingUnitOfWork,
)
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.matching import Candidate, MatchResult, rank
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.scoring import MatchingConfig

KM_PER_DEGREE = 110.574  # of latitude; a degree of longitude is this times cos(latitude) at most 111.32
MARGIN = 1.01  # the box is a little larger than the circle: the domain's haversine decides
PLACES = Decimal("0.000001")
# the thresholds a first run tries in turn before the commodity's minimum score: best matches sit
# near the top, where the boxes are smallest, but a dozen lots at 0.95 (quality near the preferred,
# price at the target, close by) is rare, and a step that falls short costs a whole statement
THRESHOLDS = (Decimal("0.90"), Decimal("0.80"))
# the caps a threshold implies are loosened by this much score (the domain rounds each component and
# the total half up to four places) and this many kilometres (it rounds distances to 0.1 km)
SCORE_EPS = Decimal("0.001")
# a rematch starts this far below the last run's cut-off score, on a 0.01 step
HINT_MARGIN, HINT_STEP = Decimal("0.02"), Decimal("0.01")
KM_EPS = Decimal(1)


def _box(latitude: Decimal, longitude: Decimal, km: Decimal) -> Box:
    dlat = float(km) * MARGIN / KM_PER_DEGREE + 0.001
    lat = float(latitude)
    widest = min(89.9, abs(lat) + dlat)  # the box's edge nearest a pole has the narrowest degrees
    dlon = 180.0 if widest >= 89.9 else float(km) * MARGIN / (111.32 * math.cos(math.radians(widest))) + 0.001

    def dec(value: float) -> Decimal:
        return Decimal(repr(value)).quantize(PLACES)

    lon = float(longitude)
    if dlon >= 180 or lon - dlon < -180 or lon + dlon > 180:  # around the antimeridian: every longitude
        return Box(dec(lat - dlat), dec(lat + dlat), Decimal(-180), Decimal(180))
    return Box(dec(lat - dlat), dec(lat + dlat), dec(lon - dlon), dec(lon + dlon))


def _least_component(config: MatchingConfig, threshold: Decimal, weight: Decimal) -> Decimal | None:
    """The least score a component of ``weight`` needs for a total of ``threshold`` when every other
    component scores 1 (None: any score will do)."""
    if weight == 0:
        return None
    others = config.quality_weight + config.price_weight + config.delivery_weight + config.risk_weight - weight
    return (threshold - SCORE_EPS - others) / weight


def reach_km(max_distance_km: Decimal, config: MatchingConfig, threshold: Decimal | None) -> Decimal:
    """How far a candidate may lie from a delivery location and still score ``threshold``: the
    delivery score falls from 1 at 0 km to 0.5 at the maximum distance."""
    least = None if threshold is None else _least_component(config, threshold, config.delivery_weight)
    if least is None or least <= Decimal("0.5"):
        return max_distance_km
    return min(max_distance_km, max_distance_km * 2 * max(Decimal(0), 1 - least) + KM_EPS)


def price_cap(requirement: Requirement, config: MatchingConfig, threshold: Decimal | None) -> Decimal:
    """The highest price per base unit that can still score ``threshold`` (rounded up)."""
    wanted = requirement.max_price
    cap = per_base_unit(wanted, up=True)
    least = None if threshold is None else _least_component(config, threshold, config.price_weight)
    if least is None or config.price_floor >= least:
        return cap
    above = max((limit for limit, score in config.price_bands if score >= least), default=Decimal(0))
    target = UnitPrice(requirement.target_price * (1 + above), wanted.currency, wanted.unit, wanted.factor)
    return min(cap, per_base_unit(target, up=True) + PREFILTER_PLACES)


def candidate_query(
    requirement: Requirement, config: MatchingConfig, now: datetime, threshold: Decimal | None = None
) -> CandidateQuery:
    """The prefilter of every candidate that can score ``threshold`` (None: the minimum score)."""
    points = [p for p in requirement.delivery_points if p.place.point is not None]
    boxes = tuple(
        _box(p.place.point.latitude, p.place.point.longitude, reach_km(p.max_distance_km, config, threshold))
        for p in points
        if p.place.point is not None
    )
    states = None
    if not requirement.allow_inter_state:
        states = tuple(sorted({(p.place.country, p.place.state_code) for p in points if p.place.state_code}))
    return CandidateQuery(
        commodity_id=requirement.commodity_id,
        buyer_partner_id=requirement.buyer_partner_id,
        currency=requirement.max_price.currency,
        max_price_per_base=price_cap(requirement, config, threshold),
        min_available=requirement.preferred_quantity * config.min_share_of_preferred,
        now=now,
        delivery_from=requirement.delivery_from,
        delivery_until=requirement.delivery_until,
        boxes=boxes,
        states=states,
        variety=requirement.variety,
        origin_country=requirement.origin_country,
    )


def score_bound(requirement: Requirement, config: MatchingConfig, threshold: Decimal | None = None) -> ScoreBound:
    price = requirement.max_price
    return ScoreBound(
        weights=(config.quality_weight, config.price_weight, config.delivery_weight, config.risk_weight),
        target_per_base=requirement.target_price / price.factor,
        price_bands=config.price_bands,
        price_floor=config.price_floor,
        points=tuple(
            DeliveryTarget(
                p.place.point.latitude, p.place.point.longitude, p.max_distance_km, p.place.country, p.place.state_code
            )
            for p in requirement.delivery_points
            if p.place.point is not None
        ),
        allow_inter_state=requirement.allow_inter_state,
        parameters=tuple(
            (
                r.parameter,
                None
                if r.accepted
                else NumericWish(r.min, r.max, r.preferred if isinstance(r.preferred, Decimal) else None),
            )
            for r in requirement.quality
        ),
        minimum_score=config.minimum_score if threshold is None else max(threshold, config.minimum_score),
    )


def thresholds(config: MatchingConfig, first: Decimal | None = None) -> list[Decimal]:
    """The thresholds tried in turn, highest first, always ending with the minimum score; ``first``
    (a hint) replaces the default steps above it."""
    steps = THRESHOLDS if first is None else (first, *(t for t in THRESHOLDS if t < first))
    return [t for t in steps if t > config.minimum_score] + [config.minimum_score]


def threshold_hint(previous: Iterable[Decimal], top_n: int) -> Decimal | None:
    """Where to start a rematch: a little below the last run's cut-off (the ``top_n``-th best score
    it kept; new lots and changed facts move it a little), so one statement usually settles it. Any
    start gives the same exact result; a first run (fewer kept matches) takes the default steps."""
    scores = sorted(previous, reverse=True)
    if len(scores) < top_n:
        return None
    return (scores[top_n - 1] - HINT_MARGIN).quantize(HINT_STEP, ROUND_FLOOR)


def page_size(wanted: int) -> int:
    """Rows per statement: a few more than wanted, so the tight bound almost always settles it in one."""
    return wanted + 8


def order(result: MatchResult) -> tuple[Decimal, datetime, uuid.UUID]:
    return (-result.score.total, result.posted_at, result.availability_id)


@dataclass
class NeutralRanking:
    """The exact neutral ranking's head so far, and every availability read for it."""

    results: list[MatchResult] = field(default_factory=list)
    seen: dict[uuid.UUID, Availability] = field(default_factory=dict)

    def take(
        self, requirement: Requirement, rows: Iterable[Availability], config: MatchingConfig, now: datetime, wanted: int
    ) -> None:
        new = [a for a in rows if a.id not in self.seen]
        self.seen.update((a.id, a) for a in new)
        candidates = (Candidate(a, PartyFacts(a.seller_partner_id)) for a in new)
        found = rank(requirement, candidates, config, buyer=PartyFacts(requirement.buyer_partner_id), now=now)
        self.results = sorted(self.results + found, key=order)[:wanted]

    def settled_above(self, wanted: int, score: float) -> bool:
        return len(self.results) == wanted and float(self.results[-1].score.total) > score


async def best_candidates(
    requirement: Requirement,
    uow: TradingUnitOfWork,
    config: MatchingConfig,
    now: datetime,
    wanted: int,
    *,
    first_threshold: Decimal | None = None,
) -> tuple[list[MatchResult], dict[uuid.UUID, Availability]]:
    """The exact ``wanted`` best of the neutral ranking and every availability read to find them."""
    ranking = NeutralRanking()
    limit = page_size(wanted)
    for threshold in thresholds(config, first_threshold):
        query, bound = candidate_query(requirement, config, now, threshold), score_bound(requirement, config, threshold)
        offset = 0
        while True:
            page = await uow.availabilities.bounded(query, bound, offset=offset, limit=limit)
            ranking.take(requirement, (a for a, _ in page), config, now, wanted)
            offset += len(page)
            if len(page) < limit:
                break  # every row left scores below the threshold
            if ranking.settled_above(wanted, page[-1][1]):
                return ranking.results, ranking.seen  # every row left scores at most the last bound
        # ties with a row left are impossible: it scores strictly below the threshold
        if len(ranking.results) == wanted and ranking.results[-1].score.total >= threshold:
            break
    return ranking.results, ranking.seen
