"""Add a contact person to an editable partner; contacts become its users on approval."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from backend.core.principal import Principal
from backend.modules.partners.application.access import UPDATE
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.inputs import ContactInput
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner


@dataclass(frozen=True)
class AddContact:
    partner_id: uuid.UUID
    contact: ContactInput


async def add_contact(command: AddContact, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def add(partner: Partner, uow: PartnersUnitOfWork) -> None:
        partner.add_contact(replace(command.contact, id=None).build())  # a new contact gets a new id

    return await change_partner(command.partner_id, actor, ctx, UPDATE, add)
