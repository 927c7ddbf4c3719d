"""Ask for a change to an approved partner (bank, new location, credit limit, contact); a second
person approves it before anything changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import REQUEST_AMENDMENTS, ensure_internal, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.duplicates import ensure_unique
from backend.modules.partners.application.inputs import ChangeInput, ContactInput
from backend.modules.partners.application.reading import amendment_view
from backend.modules.partners.application.views import AmendmentView
from backend.modules.partners.domain.amendments import Amendment
from backend.modules.partners.domain.errors import PartnerItemNotFound
from backend.modules.partners.domain.locations import Location


@dataclass(frozen=True)
class RequestAmendment:
    partner_id: uuid.UUID
    change: ChangeInput  # a contact change names the contact it replaces by ``id`` (None: a new contact)


async def request_amendment(command: RequestAmendment, actor: Principal, ctx: PartnersContext) -> AmendmentView:
    ensure_internal(actor, "request an amendment")
    new_value = command.change.build()
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, REQUEST_AMENDMENTS)
        change = command.change
        if (
            isinstance(change, ContactInput)
            and change.id is not None
            and change.id not in {c.id for c in partner.contacts}
        ):
            raise PartnerItemNotFound("contact", change.id)
        if isinstance(new_value, Location) and new_value.gstin is not None:
            await ensure_unique(
                uow,
                partner_id=partner.id,
                master_id=partner.profile.master_partner_id,
                pan=None,
                gstins=[new_value.gstin],
            )
        amendment = Amendment.request(partner, new_value, actor.user_id)
        await uow.amendments.add(amendment)
        await uow.commit()
    return amendment_view(amendment)
