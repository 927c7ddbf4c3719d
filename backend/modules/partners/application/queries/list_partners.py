"""A page of the partners the actor may see, in code order, filtered."""

from __future__ import annotations

from dataclasses import dataclass, replace

from backend.core.principal import Principal
from backend.modules.partners.application.access import READ, branches_of, is_external
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.ports import PartnerFilter
from backend.modules.partners.application.reading import summary_view
from backend.modules.partners.application.views import PartnerPageView

MAX_PAGE = 200


@dataclass(frozen=True)
class ListPartners:
    """``filter.limit`` is capped at 200; ``branches`` and ``partner_id`` come from the actor."""

    filter: PartnerFilter


async def list_partners(query: ListPartners, actor: Principal, ctx: PartnersContext) -> PartnerPageView:
    limit = max(1, min(query.filter.limit, MAX_PAGE))
    page = replace(
        query.filter,
        limit=limit + 1,  # one more tells whether a next page exists
        branches=branches_of(actor, READ),
        partner_id=actor.partner_id if is_external(actor) else None,
    )
    async with ctx.uow(actor.data_scope) as uow:
        found = await uow.partners.search_summaries(page)
    items = tuple(summary_view(p) for p in found[:limit])
    return PartnerPageView(items, items[-1].code if len(found) > limit else None)
