"""A partner's amendments, newest first, with their old and new values."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import READ, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import amendment_view
from backend.modules.partners.application.views import AmendmentView


@dataclass(frozen=True)
class ListAmendments:
    partner_id: uuid.UUID


async def list_amendments(query: ListAmendments, actor: Principal, ctx: PartnersContext) -> tuple[AmendmentView, ...]:
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, query.partner_id, actor, READ)
        amendments = await uow.amendments.for_partner(partner.id)
    return tuple(amendment_view(a) for a in amendments)
