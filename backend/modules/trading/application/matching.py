"""Matching one requirement: the SQL prefilter, the domain's ranking, then the facts of other contexts
for the best candidates only.

The prefilter is never stricter than the domain (prices rounded outward, bounding boxes a little
larger than the circles), so the domain's exact rules decide; the ranking first runs with neutral
party facts, then the ``verify_limit`` best candidates are re-evaluated with their seller's facts,
capabilities and the risk verdict. A candidate the neutral pass ranked out cannot rank in by better
facts: facts only ever remove a candidate or lower its score.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from backend.contracts.partners.queries import PartnerCapabilities, PartnerFacade
from backend.core.errors import NotFound
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.facts import party_facts
from backend.modules.trading.application.mapping_prices import per_base_unit
from backend.modules.trading.application.ports import Box, CandidateQuery, ScoreBound, TradingUnitOfWork
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.matching import Candidate, MatchResult, evaluate, rank
from backend.modules.trading.domain.money import line_amount
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.scoring import MatchingConfig

KM_PER_DEGREE = 110.574  # of latitude; a degree of longitude is this times cos(latitude) at most 111.32
MARGIN = 1.01  # the box is a little larger than the circle: the domain's haversine decides
PLACES = Decimal("0.000001")


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


def candidate_query(requirement: Requirement, config: MatchingConfig, now: datetime) -> CandidateQuery:
    points = [p for p in requirement.delivery_points if p.place.point is not None]
    boxes = tuple(
        _box(p.place.point.latitude, p.place.point.longitude, p.max_distance_km)
        for p in points
        if p.place.point is not None
    )
    states = None
    if not requirement.allow_inter_state:
        states = tuple(sorted({(p.place.country, p.place.state_code) for p in points if p.place.state_code}))
    price = requirement.max_price
    return CandidateQuery(
        commodity_id=requirement.commodity_id,
        buyer_partner_id=requirement.buyer_partner_id,
        currency=price.currency,
        max_price_per_base=per_base_unit(price, up=True),
        min_available=requirement.preferred_quantity * config.min_share_of_preferred,
        now=now,
        delivery_from=requirement.delivery_from,
        delivery_until=requirement.delivery_until,
        boxes=boxes,
        states=states,
        variety=requirement.variety,
        origin_country=requirement.origin_country,
    )


def may_trade(caps: PartnerCapabilities | None, country: str, *, buying: bool) -> bool:
    if caps is None:
        return False
    if country == caps.home_country:
        return ("domestic_buy" if buying else "domestic_sell") in caps.capabilities
    return ("import" if buying else "export") in caps.capabilities


@dataclass
class PartyBook:
    """Party facts and capabilities fetched once per partner during one matching run."""

    facade: PartnerFacade
    facts: dict[uuid.UUID, PartyFacts | None] = field(default_factory=dict)
    caps: dict[uuid.UUID, PartnerCapabilities | None] = field(default_factory=dict)

    async def load(self, partner_id: uuid.UUID) -> tuple[PartyFacts | None, PartnerCapabilities | None]:
        if partner_id not in self.facts:
            try:
                self.facts[partner_id] = party_facts(await self.facade.get_partner(partner_id))
                self.caps[partner_id] = await self.facade.capabilities(partner_id)
            except NotFound:  # gone or hidden: it cannot trade
                self.facts[partner_id], self.caps[partner_id] = None, None
        return self.facts[partner_id], self.caps[partner_id]


async def _verified(
    requirement: Requirement,
    availability: Availability,
    preliminary: MatchResult,
    book: PartyBook,
    buyer: PartyFacts,
    ctx: TradingContext,
    config: MatchingConfig,
    now: datetime,
) -> MatchResult | None:
    seller, seller_caps = await book.load(availability.seller_partner_id)
    if seller is None:
        return None
    _, buyer_caps = await book.load(requirement.buyer_partner_id)
    destination = next(
        p.place.country for p in requirement.delivery_points if p.place.location_id == preliminary.delivery_location_id
    )
    quantity = min(availability.available, requirement.preferred_quantity)
    verdict = await ctx.risk.verdict(
        requirement.tenant_id,
        buyer,
        seller,
        requirement.commodity_id,
        line_amount(quantity, availability.price),
        availability.price.currency,
    )
    candidate = Candidate(
        availability,
        seller,
        verdict,
        buyer_capable=may_trade(buyer_caps, destination, buying=True),
        seller_capable=may_trade(seller_caps, availability.ship_from.country, buying=False),
    )
    return evaluate(requirement, buyer, candidate, now, config).result


BATCH = 200


def score_bound(requirement: Requirement, config: MatchingConfig) -> ScoreBound:
    price = requirement.max_price
    return ScoreBound(
        weights=(config.quality_weight, config.price_weight, config.delivery_weight, config.risk_weight),
        target_per_base=requirement.target_price / price.factor,
        price_bands=config.price_bands,
        price_floor=config.price_floor,
        points=tuple(
            (p.place.point.latitude, p.place.point.longitude, p.max_distance_km)
            for p in requirement.delivery_points
            if p.place.point is not None
        ),
        parameters=tuple((r.parameter, None if r.accepted else (r.min, r.max)) for r in requirement.quality),
        minimum_score=config.minimum_score,
    )


async def best_candidates(
    requirement: Requirement, uow: TradingUnitOfWork, config: MatchingConfig, now: datetime, wanted: int
) -> tuple[list[MatchResult], dict[uuid.UUID, Availability]]:
    """The exact ``wanted`` best of the neutral ranking (threshold search): pages come best bound
    first, and the search stops once the ``wanted``-th exact score is at least the last bound seen,
    since no row further down can beat it."""
    query, bound = candidate_query(requirement, config, now), score_bound(requirement, config)
    neutral = PartyFacts(requirement.buyer_partner_id)
    ranked: list[MatchResult] = []
    seen: dict[uuid.UUID, Availability] = {}
    offset = 0
    while True:
        page = await uow.availabilities.bounded(query, bound, offset=offset, limit=BATCH)
        seen.update((a.id, a) for a, _ in page)
        ranked += rank(
            requirement,
            (Candidate(a, PartyFacts(a.seller_partner_id)) for a, _ in page),
            config,
            buyer=neutral,
            now=now,
        )
        ranked.sort(key=lambda r: (-r.score.total, r.posted_at, r.availability_id))
        ranked = ranked[:wanted]
        offset += len(page)
        if len(page) < BATCH or (len(ranked) == wanted and float(ranked[-1].score.total) >= page[-1][1]):
            return ranked, seen


async def find_matches(
    requirement: Requirement, uow: TradingUnitOfWork, ctx: TradingContext, config: MatchingConfig, now: datetime
) -> list[MatchResult]:
    """The requirement's best matches (at most ``top_n``), best first; ``uow`` must see the whole tenant."""
    settings = ctx.matching
    preliminary, by_id = await best_candidates(requirement, uow, config, now, settings.verify_limit)
    book = PartyBook(ctx.partners(uow.scope))
    buyer, _ = await book.load(requirement.buyer_partner_id)
    if buyer is None:
        return []
    verified: list[MatchResult] = []
    for result in preliminary:
        checked = await _verified(requirement, by_id[result.availability_id], result, book, buyer, ctx, config, now)
        if checked is not None:
            verified.append(checked)
    verified.sort(key=lambda r: (-r.score.total, r.posted_at, r.availability_id))
    return verified[: settings.top_n]
