"""Matching one requirement: the neutral ranking from the database (``match_search``), then the facts
of other contexts for the best candidates only.

The neutral ranking scores every pair with risk passed and no party facts; candidates are then
checked one at a time, best first, against their seller's facts, both parties' capabilities and the
risk verdict, at most ``verify_limit`` of them. Facts only ever remove a candidate or lower its
score, so checking stops once ``top_n`` are accepted and the last of them scores above the next
unchecked candidate's neutral score: the result is the same as checking all ``verify_limit``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from backend.contracts.partners.queries import PartnerCapabilities, PartnerFacade
from backend.core.errors import NotFound
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.facts import party_facts
from backend.modules.trading.application.match_search import best_candidates, candidate_query, order, score_bound
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.matching import Candidate, MatchResult, evaluate
from backend.modules.trading.domain.money import line_amount
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.scoring import MatchingConfig

__all__ = ["best_candidates", "candidate_query", "find_matches", "may_trade", "score_bound"]


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


async def find_matches(
    requirement: Requirement, uow: TradingUnitOfWork, ctx: TradingContext, config: MatchingConfig, now: datetime
) -> tuple[list[MatchResult], dict[uuid.UUID, Availability]]:
    """The requirement's best matches (at most ``top_n``), best first, and the availabilities read;
    ``uow`` must see the whole tenant."""
    settings = ctx.matching
    book = PartyBook(ctx.partners(uow.scope))
    buyer, _ = await book.load(requirement.buyer_partner_id)
    if buyer is None:
        return [], {}
    # a little more of the neutral ranking than top_n: the next candidate's score settles the check
    wanted = min(settings.verify_limit, settings.top_n + 2)
    checked: dict[uuid.UUID, MatchResult | None] = {}
    while True:
        neutral, seen = await best_candidates(requirement, uow, config, now, wanted)
        accepted: list[MatchResult] = []
        for preliminary in neutral:  # the same order each round: the head of one exact ranking
            if len(accepted) >= settings.top_n and accepted[settings.top_n - 1].score.total > preliminary.score.total:
                return accepted[: settings.top_n], seen
            key = preliminary.availability_id
            if key not in checked:
                checked[key] = await _verified(requirement, seen[key], preliminary, book, buyer, ctx, config, now)
            if (result := checked[key]) is not None:
                accepted = sorted([*accepted, result], key=order)
        if len(neutral) < wanted or wanted == settings.verify_limit:
            return accepted[: settings.top_n], seen
        wanted = min(settings.verify_limit, 2 * wanted)
