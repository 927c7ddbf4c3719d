"""Match a requirement now: rank the tenant's availabilities and keep the best as anonymous matches.

Runs on demand (``POST /api/v1/requirements/{id}/match``) and when a requirement or an availability
is published. Matching sees the whole tenant (a buyer never sees the availabilities themselves, only
the matches' explanations). Open matches that fell out of the top are closed; kept ones are rescored.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from backend.core.principal import DataScope, Principal
from backend.modules.trading.application.access import MATCH, load_requirement, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.errors import RequirementNotOpen
from backend.modules.trading.application.matching import find_matches
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.application.queries.list_matches import MatchesView, matches_view
from backend.modules.trading.domain.enums import MatchStatus
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.scoring import config_for


@dataclass(frozen=True)
class MatchRequirement:
    requirement_id: uuid.UUID


def new_token() -> str:
    return f"M-{secrets.token_urlsafe(12)}"


async def rematch_in(uow: TradingUnitOfWork, requirement_id: uuid.UUID, ctx: TradingContext) -> MatchesView | None:
    """Match the requirement inside ``uow`` (tenant scope, not committed); None when it is not open."""
    now = ctx.now()
    requirement = await uow.requirements.get(requirement_id, for_update=True)
    if requirement is None or not requirement.is_open(now):
        return None
    commodity = await ctx.commodities(uow.scope).get_commodity(requirement.commodity_id)
    existing = {m.availability_id: m for m in await uow.matches.for_requirement(requirement.id)}
    kept_scores = [m.score.total for m in existing.values() if m.status is not MatchStatus.CLOSED]
    config = config_for(commodity.code)
    results, offers = await find_matches(requirement, uow, ctx, config, now, previous=kept_scores)
    kept: list[Match] = []
    for result in results:
        match = existing.pop(result.availability_id, None)
        if match is None:
            match = Match.found(
                tenant_id=requirement.tenant_id,
                buyer_partner_id=requirement.buyer_partner_id,
                result=result,
                token=new_token(),
            )
            await uow.matches.add(match)
        elif match.status is MatchStatus.OPEN:
            match.rescore(result)
            if match.version != match.persisted_version:  # unchanged scores are not written again
                await uow.matches.save(match)
        kept.append(match)
    for stale in existing.values():
        if stale.status is MatchStatus.OPEN and stale.close():
            await uow.matches.save(stale)
    return matches_view(requirement.id, kept, offers)  # every kept match is among the rows matching read


async def rematch(requirement_id: uuid.UUID, scope: DataScope, ctx: TradingContext) -> MatchesView | None:
    async with ctx.uow(scope) as uow:
        view = await rematch_in(uow, requirement_id, ctx)
        if view is not None:
            await uow.commit()
    return view


async def match_requirement(command: MatchRequirement, actor: Principal, ctx: TradingContext) -> MatchesView:
    async with ctx.uow(actor.data_scope) as uow:  # the actor must see the requirement
        requirement = await load_requirement(uow, command.requirement_id, actor, permission=MATCH)
    view = await rematch(requirement.id, tenant_scope(actor), ctx)
    if view is None:
        raise RequirementNotOpen(requirement.status.value)
    return view
