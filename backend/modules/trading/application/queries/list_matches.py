"""A requirement's matches, best first, each explained: scores, reasons and the offer without its seller."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import load_requirement, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.views import MatchView, match_view
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import MatchStatus
from backend.modules.trading.domain.match import Match


@dataclass(frozen=True)
class ListMatches:
    requirement_id: uuid.UUID
    include_closed: bool = False


@dataclass(frozen=True)
class MatchesView:
    requirement_id: uuid.UUID
    items: tuple[MatchView, ...]


def matches_view(
    requirement_id: uuid.UUID, matches: Iterable[Match], offers: Mapping[uuid.UUID, Availability]
) -> MatchesView:
    ordered = sorted(matches, key=lambda m: (-m.score.total, m.created_at, m.token))
    return MatchesView(requirement_id, tuple(match_view(m, offers.get(m.availability_id)) for m in ordered))


async def list_matches(query: ListMatches, actor: Principal, ctx: TradingContext) -> MatchesView:
    async with ctx.uow(actor.data_scope) as uow:  # the actor must see the requirement
        requirement = await load_requirement(uow, query.requirement_id, actor)
    # the matched availabilities are other partners' rows: read in the tenant scope, shown anonymously
    async with ctx.uow(tenant_scope(actor)) as uow:
        matches = [
            m
            for m in await uow.matches.for_requirement(requirement.id)
            if query.include_closed or m.status is not MatchStatus.CLOSED
        ]
        offers = {a.id: a for a in await uow.availabilities.get_many({m.availability_id for m in matches})}
    return matches_view(requirement.id, matches, offers)
