"""One partner with its locations, accounts (masked), documents, contacts, score and evidence."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import READ, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import partner_view
from backend.modules.partners.application.views import PartnerView


@dataclass(frozen=True)
class GetPartner:
    partner_id: uuid.UUID


async def get_partner(query: GetPartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, query.partner_id, actor, READ)
        evidence = await uow.evidence.for_partner(partner.id)
    return partner_view(partner, evidence)
