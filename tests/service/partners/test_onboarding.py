"""Creating and editing partners: codes, duplicates (and the group exception), editing rules."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from backend.core.errors import Forbidden, PreconditionFailed
from backend.modules.partners.application.commands.add_location import AddLocation, add_location
from backend.modules.partners.application.commands.create_partner import CreatePartner, create_partner
from backend.modules.partners.application.commands.remove_location import RemoveLocation, remove_location
from backend.modules.partners.application.commands.update_partner import UpdatePartner, update_partner
from backend.modules.partners.application.errors import DuplicatePartnerIdentifier
from backend.modules.partners.application.inputs import LocationInput
from backend.modules.partners.domain.enums import TaxKind
from backend.modules.partners.domain.errors import HeadOfficeRequired, InvalidPartnerInput, PartnerNotEditable
from backend.modules.partners.domain.parts import TaxRegistration
from tests.service.partners.flows import create, submitted
from tests.service.partners.world import BRANCH_A, BRANCH_B, World, branch, head_office, partner_user, staff
from tests.unit.partners.builders import GSTIN_KA, GSTIN_MH, PAN_KA, PAN_TN, foreign_profile, profile

KA_PROFILE = profile(pan=PAN_KA, tax_registrations=(TaxRegistration(TaxKind.GSTIN, GSTIN_KA, "IN"),))


def ka_office() -> LocationInput:
    return head_office(GSTIN_KA, state_code="29")


def hamburg_office() -> LocationInput:
    address = replace(head_office().address, country="DE", city="Hamburg", postal_code="20095", state=None)
    return head_office(None, state_code=None, address=address)


async def test_a_draft_gets_the_tenants_next_code_per_country(world: World) -> None:
    first = await create(world)
    second = await create(world, prof=KA_PROFILE, office=ka_office())
    german = await create(world, prof=foreign_profile(), office=hamburg_office())
    assert (first.code, second.code, german.code) == ("BP-IN-0001", "BP-IN-0002", "BP-DE-0001")
    assert first.status == "draft"
    started = world.events("partners.partner_onboarding_started.v1")[0]
    assert (started.partner_code, started.legal_name, started.entity_class) == (
        "BP-IN-0001",
        "Unique Traders",
        "business_entity",
    )


async def test_the_head_office_is_required(world: World) -> None:
    with pytest.raises(InvalidPartnerInput) as raised:
        await create_partner(CreatePartner(profile(), None), staff(), world.ctx)
    assert [e.field for e in raised.value.errors] == ["head_office"]


async def test_invalid_input_names_the_field_and_gives_the_code_number_back(world: World) -> None:
    with pytest.raises(InvalidPartnerInput) as raised:
        await create(world, office=head_office("27AAPFU0939F1ZX"))  # a wrong check digit
    assert [e.field for e in raised.value.errors] == ["head_office.gstin"]
    assert (await create(world)).code == "BP-IN-0001"


async def test_a_pan_of_another_partner_is_a_conflict_naming_it(world: World) -> None:
    first = await create(world)
    with pytest.raises(DuplicatePartnerIdentifier) as raised:
        await create(world, tax_registrations=(), office=head_office(None), legal_name="Another Name")
    assert first.code in raised.value.detail
    assert raised.value.extra["existing_partner_code"] == first.code
    assert raised.value.extra["identifier"] == "AAPFU0939F"


async def test_a_gstin_of_another_partner_is_a_conflict(world: World) -> None:
    first = await create(world, prof=KA_PROFILE, office=head_office(None, state_code="29"))
    with pytest.raises(DuplicatePartnerIdentifier) as raised:
        await create(world, prof=replace(KA_PROFILE, tax_registrations=()), office=ka_office())
    assert raised.value.extra["existing_partner_code"] == first.code
    assert {raised.value.extra["identifier"]} <= {GSTIN_KA, PAN_KA}


async def test_branch_entities_of_one_master_share_identifiers(world: World) -> None:
    master = await create(world)
    branch_entity = await create(world, master_partner_id=master.id, legal_name="Unique Traders Pune")
    sibling = await create(world, master_partner_id=master.id, legal_name="Unique Traders Nagpur")
    assert (branch_entity.code, sibling.code) == ("BP-IN-0002", "BP-IN-0003")
    with pytest.raises(DuplicatePartnerIdentifier):
        await create(world, legal_name="Somebody Else")  # unrelated: refused


async def test_a_branch_of_another_master_may_not_share(world: World) -> None:
    await create(world)  # holds PAN_MH, no master
    other_master = await create(world, prof=KA_PROFILE, office=ka_office())
    with pytest.raises(DuplicatePartnerIdentifier):
        await create(world, master_partner_id=other_master.id)


async def test_a_master_may_take_the_identifiers_of_its_branch_entities(world: World) -> None:
    master = await create(world, prof=profile(pan=PAN_TN, tax_registrations=()), office=head_office(None))
    await create(world, master_partner_id=master.id)  # holds PAN_MH and GSTIN_MH
    revised = profile(pan=PAN_TN, tax_registrations=(), legal_name="Unique Group")
    updated = await update_partner(UpdatePartner(master.id, revised), staff(), world.ctx)
    assert updated.profile.legal_name == "Unique Group"


async def test_the_master_must_be_a_partner_of_the_tenant(world: World) -> None:
    with pytest.raises(InvalidPartnerInput) as raised:
        await create(world, master_partner_id=uuid.uuid4())
    assert [e.field for e in raised.value.errors] == ["master_partner_id"]


async def test_update_reruns_duplicate_detection(world: World) -> None:
    first = await create(world, prof=KA_PROFILE, office=ka_office())
    second = await create(world, prof=profile(pan=PAN_TN, tax_registrations=()), office=head_office(None))
    with pytest.raises(DuplicatePartnerIdentifier) as raised:
        await update_partner(UpdatePartner(second.id, profile(pan=PAN_KA, tax_registrations=())), staff(), world.ctx)
    assert raised.value.extra["existing_partner_code"] == first.code
    renamed = profile(pan=PAN_TN, tax_registrations=(), legal_name="Renamed Traders")
    updated = await update_partner(UpdatePartner(second.id, renamed), staff(), world.ctx)
    assert updated.profile.legal_name == "Renamed Traders"
    [event] = world.events("partners.partner_updated.v1")
    assert (event.changed_fields, event.partner_code) == (("legal_name",), second.code)


async def test_update_checks_the_expected_version(world: World) -> None:
    partner = await create(world)
    command = UpdatePartner(partner.id, profile(legal_name="Late"), expected_version=partner.version + 1)
    with pytest.raises(PreconditionFailed):
        await update_partner(command, staff(), world.ctx)


async def test_only_drafts_and_info_requested_partners_are_edited(world: World) -> None:
    partner = await submitted(world, staff())
    with pytest.raises(PartnerNotEditable):
        await update_partner(UpdatePartner(partner.id, profile(legal_name="Late change")), staff(), world.ctx)
    with pytest.raises(PartnerNotEditable):
        await add_location(AddLocation(partner.id, branch()), staff(), world.ctx)


async def test_locations_come_and_go_but_the_head_office_stays(world: World) -> None:
    partner = await create(world, prof=replace(KA_PROFILE, tax_registrations=()), office=ka_office())
    added = await add_location(AddLocation(partner.id, branch()), staff(), world.ctx)
    office, new = added.locations
    with pytest.raises(HeadOfficeRequired):
        await remove_location(RemoveLocation(partner.id, office.id), staff(), world.ctx)
    after = await remove_location(RemoveLocation(partner.id, new.id), staff(), world.ctx)
    assert [loc.kind for loc in after.locations] == ["head_office"]


async def test_a_branch_entity_may_list_its_masters_gstin_on_a_location(world: World) -> None:
    master = await create(world)
    entity = await create(
        world, master_partner_id=master.id, tax_registrations=(), office=head_office(None), legal_name="Pune Unit"
    )
    extra = head_office(GSTIN_MH, kind=branch().kind, name="Mumbai depot")
    updated = await add_location(AddLocation(entity.id, extra), staff(), world.ctx)
    assert [loc.gstin for loc in updated.locations] == [None, GSTIN_MH]


async def test_branch_scope_on_creation(world: World) -> None:
    limited = staff(branches=frozenset({BRANCH_A}))
    with pytest.raises(InvalidPartnerInput) as raised:
        await create(world, limited)
    assert [e.field for e in raised.value.errors] == ["branch_id"]
    with pytest.raises(InvalidPartnerInput):
        await create(world, limited, branch_id=BRANCH_B)
    assert (await create(world, limited, branch_id=BRANCH_A)).branch_id == BRANCH_A


async def test_partner_users_do_not_create_partners_or_change_profiles(world: World) -> None:
    with pytest.raises(Forbidden):
        await create(world, partner_user(uuid.uuid4()))
    partner = await create(world)
    with pytest.raises(Forbidden):
        await update_partner(UpdatePartner(partner.id, profile()), partner_user(partner.id), world.ctx)
