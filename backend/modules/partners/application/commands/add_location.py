"""Add a branch, warehouse, factory, ship-to/bill-to point or port to an editable partner."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import UPDATE
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.duplicates import ensure_unique
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.inputs import LocationInput
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner


@dataclass(frozen=True)
class AddLocation:
    partner_id: uuid.UUID
    location: LocationInput


async def add_location(command: AddLocation, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def add(partner: Partner, uow: PartnersUnitOfWork) -> None:
        location = command.location.build()
        partner.add_location(location)
        if location.gstin is not None:  # a branch's own GSTIN may not belong to another partner
            await ensure_unique(
                uow,
                partner_id=partner.id,
                master_id=partner.profile.master_partner_id,
                pan=None,
                gstins=[location.gstin],
            )

    return await change_partner(command.partner_id, actor, ctx, UPDATE, add)
