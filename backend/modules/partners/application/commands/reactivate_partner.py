"""Reactivate a suspended partner, provided its KYC is valid."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import SUSPEND
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner


@dataclass(frozen=True)
class ReactivatePartner:
    partner_id: uuid.UUID


async def reactivate_partner(command: ReactivatePartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def reactivate(partner: Partner, uow: PartnersUnitOfWork) -> None:
        partner.reactivate(actor.user_id, ctx.today())

    return await change_partner(
        command.partner_id, actor, ctx, SUSPEND, reactivate, internal_only="reactivate a partner"
    )
