"""Reject an amendment with a reason; the partner stays as it was."""

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
class RejectAmendment:
    partner_id: uuid.UUID
    amendment_id: uuid.UUID
    reason: str


async def reject_amendment(command: RejectAmendment, actor: Principal, ctx: PartnersContext) -> AmendmentView:
    ensure_internal(actor, "reject an amendment")
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, APPROVE_AMENDMENTS)
        amendment = await uow.amendments.get(command.amendment_id, for_update=True)
        if amendment is None or amendment.partner_id != partner.id:
            raise AmendmentNotFound(command.amendment_id)
        if amendment.status is AmendmentStatus.REJECTED:
            return amendment_view(amendment)
        ensure_not_maker(actor, amendment.maker_id, "reject this amendment")
        if amendment.reject(actor.user_id, command.reason):
            await uow.amendments.save(amendment)
            await uow.commit()
    return amendment_view(amendment)
