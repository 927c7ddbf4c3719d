"""Start onboarding a partner: a draft with its head office and the tenant's next partner code."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import FieldError, Forbidden
from backend.core.principal import Principal
from backend.modules.partners.application.access import CREATE, branches_of, is_external
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.duplicates import all_gstins, ensure_master_exists, ensure_unique
from backend.modules.partners.application.inputs import LocationInput
from backend.modules.partners.application.reading import partner_view
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.errors import InvalidPartnerInput
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.profile import COUNTRY, PartnerProfile, partner_code


@dataclass(frozen=True)
class CreatePartner:
    profile: PartnerProfile
    head_office: LocationInput | None
    branch_id: uuid.UUID | None = None  # the tenant's branch that holds the relationship


def _check_branch(branch_id: uuid.UUID | None, actor: Principal) -> None:
    allowed = branches_of(actor, CREATE)
    if allowed is None:
        return
    if branch_id is None:
        raise InvalidPartnerInput([FieldError("branch_id", "name one of the branches you may onboard partners for")])
    if branch_id not in allowed:
        raise InvalidPartnerInput([FieldError("branch_id", f"you may not onboard partners for branch {branch_id}")])


async def create_partner(command: CreatePartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    if is_external(actor) or actor.tenant_id is None:
        raise Forbidden("partners are onboarded by a tenant's staff")
    if command.head_office is None:
        raise InvalidPartnerInput([FieldError("head_office", "a partner needs its head office")])
    _check_branch(command.branch_id, actor)
    head_office = command.head_office.build()
    country = command.profile.country.strip().upper()
    if not COUNTRY.fullmatch(country):  # the code is numbered per country
        raise InvalidPartnerInput([FieldError("country", f"{country!r} is not an ISO 3166 two-letter country code")])
    async with ctx.uow(actor.data_scope) as uow:
        code = partner_code(country, await uow.partners.next_code_sequence(country))
        partner = Partner.start_onboarding(
            tenant_id=actor.tenant_id,
            code=code,
            profile=command.profile,
            head_office=head_office,
            today=ctx.today(),
            created_by=actor.user_id,
            branch_id=command.branch_id,
        )
        await ensure_master_exists(uow, partner.profile, partner.id)
        await ensure_unique(
            uow,
            partner_id=partner.id,
            master_id=partner.profile.master_partner_id,
            pan=partner.profile.pan,
            gstins=all_gstins(partner.profile, [head_office.gstin]),
        )
        await uow.partners.add(partner)
        await uow.commit()
    return partner_view(partner)
