"""Matching a requirement against candidate availabilities: hard filters, then the explained score.

Pure: the application loads the candidates (a database prefilter narrows them), fetches the facts
of other contexts (capabilities, party links, the risk verdict) and passes everything in.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from backend.core.decimal_math import plain_text
from backend.modules.trading.domain import filters as f
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.scoring import (
    DEFAULT_CONFIG,
    MatchingConfig,
    MatchScore,
    combine,
    delivery_component,
    price_component,
    quality_component,
    risk_component,
)


@dataclass(frozen=True)
class Candidate:
    """One availability with what the application learned about its seller and the pair."""

    availability: Availability
    seller: PartyFacts
    risk: RiskVerdict = RiskVerdict.PASS
    buyer_capable: bool = True  # the buyer may buy for the country concerned (partners facade)
    seller_capable: bool = True


@dataclass(frozen=True)
class MatchResult:
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    seller_partner_id: uuid.UUID
    score: MatchScore
    distance_km: Decimal
    delivery_location_id: uuid.UUID
    posted_at: datetime  # the availability's publication, the tie-breaker of equal scores


@dataclass(frozen=True)
class Evaluation:
    """Either a match (``result``) or the reasons there is none (``failures``)."""

    availability_id: uuid.UUID
    failures: tuple[f.FilterFailure, ...]
    result: MatchResult | None

    @property
    def matched(self) -> bool:
        return self.result is not None


def evaluate(
    requirement: Requirement,
    buyer: PartyFacts,
    candidate: Candidate,
    now: datetime,
    config: MatchingConfig = DEFAULT_CONFIG,
) -> Evaluation:
    availability = candidate.availability
    failures = [
        *f.commodity_failures(requirement, availability),
        *f.open_failures(requirement, availability, now),
        *f.visibility_failures(requirement, availability),
        *f.price_failures(requirement, availability),
        *f.quantity_failures(requirement, availability, config),
        *f.window_failures(requirement, availability),
        *f.origin_failures(requirement, availability),
        *f.capability_failures(candidate.buyer_capable, candidate.seller_capable),
        *f.insider_failures(buyer, candidate.seller),
        *f.risk_failures(candidate.risk),
    ]
    delivery = f.nearest_delivery(requirement, availability)
    if isinstance(delivery, f.FilterFailure):
        failures.append(delivery)
    if failures or isinstance(delivery, f.FilterFailure):
        return Evaluation(availability.id, tuple(failures), None)
    wanted = requirement.max_price
    shown = f"{plain_text(requirement.target_price)} {wanted.currency}/{wanted.unit}"
    score = combine(
        quality_component(requirement.quality, availability.quality),
        price_component(f.offered_price(requirement, availability), Fraction(requirement.target_price), config, shown),
        delivery_component(delivery.distance_km, delivery.point.max_distance_km),
        risk_component(candidate.risk, config),
        candidate.risk,
        config,
    )
    if score.total < config.minimum_score:
        reason = f"score {plain_text(score.total)} is below the minimum {plain_text(config.minimum_score)}"
        return Evaluation(availability.id, (f.FilterFailure("score", reason),), None)
    result = MatchResult(
        requirement_id=requirement.id,
        availability_id=availability.id,
        seller_partner_id=availability.seller_partner_id,
        score=score,
        distance_km=delivery.distance_km,
        delivery_location_id=delivery.point.place.location_id,
        posted_at=availability.published_at or availability.created_at,
    )
    return Evaluation(availability.id, (), result)


def rank(
    requirement: Requirement,
    candidates: Iterable[Candidate],
    config: MatchingConfig = DEFAULT_CONFIG,
    *,
    buyer: PartyFacts,
    now: datetime,
) -> list[MatchResult]:
    """The matches among ``candidates``, best score first, then the earliest posting, then by id."""
    results = [
        evaluation.result
        for candidate in candidates
        if (evaluation := evaluate(requirement, buyer, candidate, now, config)).result is not None
    ]
    return sorted(results, key=lambda r: (-r.score.total, r.posted_at, r.availability_id))
