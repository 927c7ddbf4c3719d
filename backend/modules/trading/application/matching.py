"""Matching one requirement: the neutral ranking from the database (``match_search``), then the facts
of other contexts for the best candidates only.

The neutral ranking scores every pair with risk passed and no party facts; the head of it is then
checked against the sellers' facts, both parties' capabilities and the risk verdicts, at most
``verify_limit`` candidates, each batch in one read per context (partners, then risk). Facts only
ever remove a candidate or lower its score, so checking stops once ``top_n`` are accepted and the
last of them scores above the next unchecked candidate's neutral score: the result is the same as
checking all ``verify_limit``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from backend.contracts.partners.queries import PartnerCapabilities, PartnerFacade
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.facts import party_facts
from backend.modules.trading.application.match_search import (
    best_candidates,
    candidate_query,
    order,
    score_bound,
    threshold_hint,
)
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
    """Party facts and capabilities fetched once per partner during one matching run, many at a time."""

    facade: PartnerFacade
    facts: dict[uuid.UUID, PartyFacts | None] = field(default_factory=dict)
    caps: dict[uuid.UUID, PartnerCapabilities | None] = field(default_factory=dict)

    async def load(self, partner_ids: Iterable[uuid.UUID]) -> None:
        missing = [partner_id for partner_id in dict.fromkeys(partner_ids) if partner_id not in self.facts]
        if not missing:
            return
        found = await self.facade.trading_parties(missing)
        for partner_id in missing:  # gone or hidden: it cannot trade
            party = found.get(partner_id)
            self.facts[partner_id] = None if party is None else party_facts(party.ref)
            self.caps[partner_id] = None if party is None else party.capabilities


@dataclass(frozen=True)
class _Run:
    requirement: Requirement
    book: PartyBook
    ctx: TradingContext
    config: MatchingConfig
    now: datetime


async def _verified(run: _Run, batch: list[tuple[MatchResult, Availability]]) -> dict[uuid.UUID, MatchResult | None]:
    """The batch's candidates judged with every fact: None for one that cannot trade (all of them
    when the buyer cannot). The buyer is read with the first batch's sellers: one read, not two."""
    requirement = run.requirement
    await run.book.load([requirement.buyer_partner_id, *(a.seller_partner_id for _, a in batch)])
    buyer = run.book.facts[requirement.buyer_partner_id]
    checked: dict[uuid.UUID, MatchResult | None] = {}
    priced: list[tuple[MatchResult, Availability, PartyFacts]] = []
    for preliminary, availability in batch:
        seller = run.book.facts[availability.seller_partner_id]
        if seller is None or buyer is None:
            checked[preliminary.availability_id] = None
        else:
            priced.append((preliminary, availability, seller))
    if buyer is None or not priced:
        return checked
    currency = requirement.max_price.currency  # the hard filters passed no lot priced in another
    offers = [
        (seller, line_amount(min(a.available, requirement.preferred_quantity), a.price)) for _, a, seller in priced
    ]
    verdicts = await run.ctx.risk.verdicts(requirement.tenant_id, buyer, requirement.commodity_id, currency, offers)
    buyer_caps = run.book.caps[requirement.buyer_partner_id]
    for (preliminary, availability, seller), verdict in zip(priced, verdicts, strict=True):
        destination = next(
            p.place.country
            for p in requirement.delivery_points
            if p.place.location_id == preliminary.delivery_location_id
        )
        candidate = Candidate(
            availability,
            seller,
            verdict,
            buyer_capable=may_trade(buyer_caps, destination, buying=True),
            seller_capable=may_trade(
                run.book.caps[availability.seller_partner_id], availability.ship_from.country, buying=False
            ),
        )
        checked[preliminary.availability_id] = evaluate(requirement, buyer, candidate, run.now, run.config).result
    return checked


async def find_matches(
    requirement: Requirement,
    uow: TradingUnitOfWork,
    ctx: TradingContext,
    config: MatchingConfig,
    now: datetime,
    *,
    previous: Iterable[Decimal] = (),
) -> tuple[list[MatchResult], dict[uuid.UUID, Availability]]:
    """The requirement's best matches (at most ``top_n``), best first, and the availabilities read;
    ``uow`` must see the whole tenant. ``previous``: the scores of the matches the last run kept,
    where the search may start (the result does not depend on them)."""
    settings = ctx.matching
    run = _Run(requirement, PartyBook(ctx.partners(uow.scope)), ctx, config, now)
    # a little more of the neutral ranking than top_n: the next candidate's score settles the check
    wanted = min(settings.verify_limit, settings.top_n + 2)
    checked: dict[uuid.UUID, MatchResult | None] = {}
    hint = threshold_hint(previous, settings.top_n)
    while True:
        neutral, seen = await best_candidates(requirement, uow, config, now, wanted, first_threshold=hint)
        fresh = [(p, seen[p.availability_id]) for p in neutral if p.availability_id not in checked]
        if fresh:
            checked.update(await _verified(run, fresh))
            if run.book.facts[requirement.buyer_partner_id] is None:
                return [], seen  # the buyer is gone or hidden: nothing can match
        accepted: list[MatchResult] = []
        for preliminary in neutral:  # the same order each round: the head of one exact ranking
            if len(accepted) >= settings.top_n and accepted[settings.top_n - 1].score.total > preliminary.score.total:
                return accepted[: settings.top_n], seen
            if (result := checked[preliminary.availability_id]) is not None:
                accepted = sorted([*accepted, result], key=order)
        if len(neutral) < wanted or wanted == settings.verify_limit:
            return accepted[: settings.top_n], seen
        wanted = min(settings.verify_limit, 2 * wanted)
