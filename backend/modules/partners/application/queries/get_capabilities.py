"""What a partner may trade today, and why anything is missing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import READ, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import capabilities_view
from backend.modules.partners.application.views import CapabilitiesView


@dataclass(frozen=True)
class GetCapabilities:
    partner_id: uuid.UUID


async def get_capabilities(query: GetCapabilities, actor: Principal, ctx: PartnersContext) -> CapabilitiesView:
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, query.partner_id, actor, READ)
    return capabilities_view(partner, ctx.today())
