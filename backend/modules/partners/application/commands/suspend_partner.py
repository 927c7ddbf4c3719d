"""Suspend an approved partner: it may not trade until reactivated."""

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
class SuspendPartner:
    partner_id: uuid.UUID
    reason: str


async def suspend_partner(command: SuspendPartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def suspend(partner: Partner, uow: PartnersUnitOfWork) -> None:
        partner.suspend(actor.user_id, command.reason)

    return await change_partner(command.partner_id, actor, ctx, SUSPEND, suspend, internal_only="suspend a partner")
