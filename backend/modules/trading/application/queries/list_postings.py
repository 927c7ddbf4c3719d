"""Pages of the actor's postings, newest first: a partner user sees its own partner's only, staff those
of the branches their read grant covers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from backend.core.principal import Principal
from backend.core.reach import reach_of
from backend.modules.trading.application.access import READ, is_external
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.ports import PostingFilter
from backend.modules.trading.application.views import (
    AvailabilityView,
    PageView,
    RequirementView,
    availability_view,
    requirement_view,
)

MAX_PAGE = 200


@dataclass(frozen=True)
class ListPostings:
    """``filter.limit`` is capped at 200; a partner user's ``partner_id`` is forced to its own."""

    filter: PostingFilter


def _page(query: ListPostings, actor: Principal) -> tuple[PostingFilter, int]:
    limit = max(1, min(query.filter.limit, MAX_PAGE))
    partner_id = actor.partner_id if is_external(actor) else query.filter.partner_id
    reach = reach_of(actor, READ)
    return replace(query.filter, limit=limit + 1, partner_id=partner_id, reach=reach), limit


async def list_availabilities(query: ListPostings, actor: Principal, ctx: TradingContext) -> PageView[AvailabilityView]:
    page, limit = _page(query, actor)
    async with ctx.uow(actor.data_scope) as uow:
        found = await uow.availabilities.search(page)
    items = tuple(availability_view(a) for a in found[:limit])
    last = items[-1] if len(found) > limit else None
    return PageView(items, None if last is None else (last.created_at, last.id))


async def list_requirements(query: ListPostings, actor: Principal, ctx: TradingContext) -> PageView[RequirementView]:
    page, limit = _page(query, actor)
    async with ctx.uow(actor.data_scope) as uow:
        found = await uow.requirements.search(page)
    items = tuple(requirement_view(r) for r in found[:limit])
    last = items[-1] if len(found) > limit else None
    return PageView(items, None if last is None else (last.created_at, last.id))
