"""Approve an amendment and apply it to the partner; the requester cannot approve it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal, ensure_not_maker
from backend.modules.partners.application.access import APPROVE_AMENDMENTS, ensure_internal, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.errors import AmendmentNotFound
from backend.modules.partners.application.reading import amendment_view
from backend.modules.partners.application.views import AmendmentView
from backend.modules.partners.domain.amendments import AmendmentStatus


@dataclass(frozen=True)
class ApproveAmendment:
    partner_id: uuid.UUID
    amendment_id: uuid.UUID


async def approve_amendment(command: ApproveAmendment, actor: Principal, ctx: PartnersContext) -> AmendmentView:
    """Idempotent; a credit limit change is published for the risk context, which applies it."""
    ensure_internal(actor, "approve an amendment")
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, APPROVE_AMENDMENTS, for_update=True)
        amendment = await uow.amendments.get(command.amendment_id, for_update=True)
        if amendment is None or amendment.partner_id != partner.id:
            raise AmendmentNotFound(command.amendment_id)
        if amendment.status is AmendmentStatus.APPROVED:
            return amendment_view(amendment)
        ensure_not_maker(actor, amendment.maker_id, "approve this amendment")
        if amendment.approve(actor.user_id, partner):
            await uow.amendments.save(amendment)
            await uow.partners.save(partner)
            await uow.commit()
    return amendment_view(amendment)
