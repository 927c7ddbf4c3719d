"""Submit a partner for approval: verify it, score it with the tenant's rules and route it.

The verifiers are outside services, so they run between two units of work rather than inside a
transaction holding the partner's row: the second one refuses the submission if the partner
changed meanwhile. With the tenant's auto-approval on, a high score approves the partner at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import ConcurrencyConflict
from backend.core.principal import Principal
from backend.modules.partners.application.access import SUBMIT, ensure_internal, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import partner_view
from backend.modules.partners.application.verification import Verification
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.enums import EDITABLE
from backend.modules.partners.domain.errors import IllegalStatusTransition


@dataclass(frozen=True)
class SubmitPartner:
    partner_id: uuid.UUID


async def submit_partner(command: SubmitPartner, actor: Principal, ctx: PartnersContext) -> PartnerView:
    ensure_internal(actor, "submit a partner for approval")
    async with ctx.uow(actor.data_scope) as uow:
        snapshot = await load_partner(uow, command.partner_id, actor, SUBMIT)
    if snapshot.status not in EDITABLE:  # fail before calling the verifiers
        raise IllegalStatusTransition(snapshot.code, snapshot.status.value, "submitted")
    verification = Verification(snapshot, ctx.verifiers, actor.user_id)
    evidence = await verification.run()
    settings = await ctx.settings.for_tenant(snapshot.tenant_id)
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, SUBMIT, for_update=True)
        if partner.version != snapshot.version:
            raise ConcurrencyConflict(f"partner {partner.code} changed while it was being verified; submit it again")
        for location in partner.locations.items:
            # found by the geocoder: filled in before the submission freezes the partner
            location.coordinates = location.coordinates or verification.coordinates.get(location.id)
        partner.submit(actor.user_id, ctx.today(), settings.score_rules, settings.approval_policy)
        for item in evidence:
            await uow.evidence.add(item)
        await uow.partners.save(partner)
        recorded = await uow.evidence.for_partner(partner.id)
        await uow.commit()
    return partner_view(partner, recorded)
