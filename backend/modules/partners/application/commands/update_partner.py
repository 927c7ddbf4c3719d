"""Revise a partner's profile while it is a draft or info was requested."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import PreconditionFailed
from backend.core.principal import Principal
from backend.modules.partners.application.access import UPDATE
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.duplicates import all_gstins, ensure_master_exists, ensure_unique
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.profile import PartnerProfile


@dataclass(frozen=True)
class UpdatePartner:
    partner_id: uuid.UUID
    profile: PartnerProfile  # the whole profile, as it should be
    expected_version: int | None = None  # If-Match: refuse when the partner moved on


async def update_partner(command: UpdatePartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def revise(partner: Partner, uow: PartnersUnitOfWork) -> None:
        if command.expected_version is not None and command.expected_version != partner.version:
            raise PreconditionFailed(
                f"partner {partner.code} is at version {partner.version}, not {command.expected_version}",
                extra={"current_version": partner.version},
            )
        partner.revise(command.profile, ctx.today())
        profile = partner.profile
        await ensure_master_exists(uow, profile, partner.id)
        await ensure_unique(
            uow,
            partner_id=partner.id,
            master_id=profile.master_partner_id,
            pan=profile.pan,
            gstins=all_gstins(profile, partner.locations.gstins),
        )

    return await change_partner(
        command.partner_id, actor, ctx, UPDATE, revise, internal_only="change a partner's profile"
    )
