"""Remove a location from an editable partner; its only head office stays."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import UPDATE
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner


@dataclass(frozen=True)
class RemoveLocation:
    partner_id: uuid.UUID
    location_id: uuid.UUID


async def remove_location(command: RemoveLocation, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def remove(partner: Partner, uow: PartnersUnitOfWork) -> None:
        partner.remove_location(command.location_id)

    return await change_partner(command.partner_id, actor, ctx, UPDATE, remove)
