"""Reject a submitted partner, with the reason given to it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import REJECT
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner


@dataclass(frozen=True)
class RejectPartner:
    partner_id: uuid.UUID
    reason: str


async def reject_partner(command: RejectPartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def reject(partner: Partner, uow: PartnersUnitOfWork) -> None:
        partner.reject(actor.user_id, command.reason)

    return await change_partner(command.partner_id, actor, ctx, REJECT, reject, internal_only="reject a partner")
