"""Send a submitted partner back for more information; it becomes editable again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import APPROVE
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner


@dataclass(frozen=True)
class RequestInfo:
    partner_id: uuid.UUID
    note: str  # what is missing, shown to whoever edits the partner


async def request_info(command: RequestInfo, actor: Principal, ctx: PartnersContext) -> PartnerView:
    """A reviewer's decision, so it is scoped like approval (``partners.approve``)."""

    async def ask(partner: Partner, uow: PartnersUnitOfWork) -> None:
        partner.request_info(actor.user_id, command.note)

    return await change_partner(command.partner_id, actor, ctx, APPROVE, ask, internal_only="review a partner")
