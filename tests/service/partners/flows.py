"""Short paths through the use cases that many tests start from."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from backend.core.principal import Principal
from backend.modules.partners.application.commands.add_bank_account import AddBankAccount, add_bank_account
from backend.modules.partners.application.commands.add_contact import AddContact, add_contact
from backend.modules.partners.application.commands.approve_partner import ApprovePartner, approve_partner
from backend.modules.partners.application.commands.create_partner import CreatePartner, create_partner
from backend.modules.partners.application.commands.submit_partner import SubmitPartner, submit_partner
from backend.modules.partners.application.inputs import LocationInput
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.profile import PartnerProfile
from tests.service.partners.world import World, bank, contact, head_office, staff
from tests.unit.partners.builders import profile

MAKER_ROLE = "trader"
BACK_OFFICE = "back_office"


async def create(
    world: World,
    actor: Principal | None = None,
    prof: PartnerProfile | None = None,
    office: LocationInput | None = None,
    branch_id: uuid.UUID | None = None,
    **overrides: Any,
) -> PartnerView:
    prof = prof or replace(profile(), **overrides)
    command = CreatePartner(prof, office or head_office(), branch_id)
    return await create_partner(command, actor or staff(MAKER_ROLE), world.ctx)


async def ready(world: World, maker: Principal, **overrides: Any) -> PartnerView:
    """A draft with a contact and a bank account, ready to submit."""
    partner = await create(world, maker, **overrides)
    await add_contact(AddContact(partner.id, contact()), maker, world.ctx)
    return await add_bank_account(AddBankAccount(partner.id, bank()), maker, world.ctx)


async def submitted(world: World, maker: Principal, **overrides: Any) -> PartnerView:
    partner = await ready(world, maker, **overrides)
    return await submit_partner(SubmitPartner(partner.id), maker, world.ctx)


async def approved(world: World, maker: Principal | None = None, **overrides: Any) -> PartnerView:
    """Submitted by ``maker`` (score 90 by default: back office approves)."""
    maker = maker or staff(MAKER_ROLE)
    partner = await submitted(world, maker, **overrides)
    return await approve_partner(ApprovePartner(partner.id), staff(BACK_OFFICE), world.ctx)
