"""Approve a submitted partner: the role its score requires, and never the user who submitted it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal, ensure_not_maker
from backend.modules.partners.application.access import APPROVE, ensure_internal, ensure_role, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import partner_view
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.enums import PartnerStatus
from backend.modules.partners.domain.errors import IllegalStatusTransition


@dataclass(frozen=True)
class ApprovePartner:
    partner_id: uuid.UUID


async def approve_partner(command: ApprovePartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    """Idempotent: approving an approved partner again answers with it and changes nothing.

    On approval KYC is verified for the tenant's validity period and the recommended credit limit
    set; ``partners.partner_approved.v1`` takes both, and the contacts, to risk and identity.
    """
    ensure_internal(actor, "approve a partner")
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, APPROVE, for_update=True)
        if partner.status is PartnerStatus.APPROVED:
            return partner_view(partner)
        if partner.status not in (PartnerStatus.SUBMITTED, PartnerStatus.PENDING_REVIEW):
            # before the roles: an unsubmitted partner has no score to route by, and the caller should
            # learn what is wrong with the partner, not that another role might approve it
            raise IllegalStatusTransition(partner.code, partner.status.value, PartnerStatus.APPROVED.value)
        settings = await ctx.settings.for_tenant(partner.tenant_id)
        request = partner.approval_request(settings.approval_policy)
        ensure_not_maker(actor, request.maker_id, "approve this partner")
        if request.routing.required_role is not None:
            ensure_role(
                actor, request.routing.required_role, f"approve partner {partner.code} (score {partner.risk_score})"
            )
        partner.approve(actor.user_id, ctx.today(), settings.approval_policy)
        await uow.partners.save(partner)
        await uow.commit()
    return partner_view(partner)
