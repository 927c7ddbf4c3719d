"""Reading partners: masking, filters and pages, isolation of tenants, partners and branches; the facade."""

from __future__ import annotations

import uuid

import pytest

from backend.core.principal import DataScope
from backend.modules.partners.application.commands.add_bank_account import AddBankAccount, add_bank_account
from backend.modules.partners.application.commands.add_contact import AddContact, add_contact
from backend.modules.partners.application.commands.add_location import AddLocation, add_location
from backend.modules.partners.application.errors import PartnerNotFound
from backend.modules.partners.application.facade import PartnerFacadeService
from backend.modules.partners.application.ports import PartnerFilter
from backend.modules.partners.application.queries.get_capabilities import GetCapabilities, get_capabilities
from backend.modules.partners.application.queries.get_partner import GetPartner, get_partner
from backend.modules.partners.application.queries.list_partners import ListPartners, list_partners
from backend.modules.partners.domain.enums import PartnerStatus
from tests.service.partners.flows import approved, create
from tests.service.partners.world import (
    BRANCH_A,
    BRANCH_B,
    OTHER_TENANT,
    TENANT,
    World,
    bank,
    branch,
    contact,
    head_office,
    partner_user,
    staff,
)
from tests.unit.partners.builders import PAN_KA, PAN_TN

KA = {"pan": PAN_KA, "tax_registrations": (), "office": head_office(None)}
TN = {"pan": PAN_TN, "tax_registrations": (), "office": head_office(None)}


async def test_get_partner_masks_accounts_and_shows_everything_else(world: World) -> None:
    partner = await create(world)
    await add_bank_account(AddBankAccount(partner.id, bank(iban=None)), staff(), world.ctx)
    await add_contact(AddContact(partner.id, contact()), staff(), world.ctx)
    view = await get_partner(GetPartner(partner.id), staff(), world.ctx)
    [account] = view.bank_accounts
    assert (account.account_number, account.ifsc, account.holder_name) == (
        "********7890",
        "HDFC0001234",
        "Unique Traders",
    )
    assert [c.full_name for c in view.contacts] == ["Asha Patil"]
    assert (view.profile.pan, view.locations[0].kind, view.score, view.evidence) == (
        "AAPFU0939F",
        "head_office",
        None,
        (),
    )


async def test_another_tenants_partner_is_a_404(world: World) -> None:
    partner = await create(world)
    with pytest.raises(PartnerNotFound):
        await get_partner(GetPartner(partner.id), staff(tenant=OTHER_TENANT), world.ctx)
    with pytest.raises(PartnerNotFound):
        await get_partner(GetPartner(uuid.uuid4()), staff(), world.ctx)


async def test_a_partner_user_sees_its_own_partner_only(world: World) -> None:
    mine = await create(world)
    theirs = await create(world, **KA)  # type: ignore[arg-type]
    user = partner_user(mine.id)
    assert (await get_partner(GetPartner(mine.id), user, world.ctx)).id == mine.id
    with pytest.raises(PartnerNotFound):
        await get_partner(GetPartner(theirs.id), user, world.ctx)
    with pytest.raises(PartnerNotFound):
        await add_contact(AddContact(theirs.id, contact()), user, world.ctx)
    listed = await list_partners(ListPartners(PartnerFilter(limit=10)), user, world.ctx)
    assert [p.id for p in listed.items] == [mine.id]
    # while its partner is editable, a partner user adds contacts, locations and accounts
    await add_contact(AddContact(mine.id, contact()), user, world.ctx)
    await add_location(AddLocation(mine.id, branch()), user, world.ctx)
    assert len((await add_bank_account(AddBankAccount(mine.id, bank()), user, world.ctx)).bank_accounts) == 1


async def test_branch_scope_hides_other_branches_partners(world: World) -> None:
    in_a = await create(world, branch_id=BRANCH_A)
    in_b = await create(world, branch_id=BRANCH_B, **KA)  # type: ignore[arg-type]
    unassigned = await create(world, **TN)  # type: ignore[arg-type]
    only_a = staff(branches=frozenset({BRANCH_A}))
    listed = await list_partners(ListPartners(PartnerFilter(limit=10)), only_a, world.ctx)
    assert [p.code for p in listed.items] == [in_a.code]
    for hidden in (in_b, unassigned):
        with pytest.raises(PartnerNotFound):
            await get_partner(GetPartner(hidden.id), only_a, world.ctx)
    everyone = await list_partners(ListPartners(PartnerFilter(limit=10)), staff(), world.ctx)
    assert [p.code for p in everyone.items] == [in_a.code, in_b.code, unassigned.code]


async def test_pages_follow_the_code_and_filters_combine(world: World) -> None:
    first = await approved(world)
    second = await create(world, legal_name="Kaveri Exports", **KA)  # type: ignore[arg-type]
    third = await create(world, legal_name="Kaveri Mills", **TN)  # type: ignore[arg-type]
    page = await list_partners(ListPartners(PartnerFilter(limit=2)), staff(), world.ctx)
    assert ([p.code for p in page.items], page.next_after) == ([first.code, second.code], second.code)
    rest = await list_partners(ListPartners(PartnerFilter(limit=2, after_code=page.next_after)), staff(), world.ctx)
    assert ([p.code for p in rest.items], rest.next_after) == ([third.code], None)
    kaveri = await list_partners(ListPartners(PartnerFilter(limit=10, name_prefix="kaveri")), staff(), world.ctx)
    assert [p.code for p in kaveri.items] == [second.code, third.code]
    live = await list_partners(ListPartners(PartnerFilter(limit=10, status=PartnerStatus.APPROVED)), staff(), world.ctx)
    assert [p.code for p in live.items] == [first.code]
    by_pan = await list_partners(ListPartners(PartnerFilter(limit=10, pan=PAN_TN)), staff(), world.ctx)
    assert [p.code for p in by_pan.items] == [third.code]


async def test_the_facade_gives_trading_capabilities_and_locations(world: World) -> None:
    partner = await approved(world, branch_id=BRANCH_A)
    facade = PartnerFacadeService(lambda: world.fake.uow(DataScope(TENANT)), lambda: world.today)
    capabilities = await facade.capabilities(partner.id)
    assert (capabilities.code, capabilities.status, capabilities.home_country, capabilities.capabilities) == (
        partner.code,
        "approved",
        "IN",
        frozenset(),
    )
    ref = await facade.get_partner(partner.id)
    assert (ref.pan, ref.gstins, ref.kyc_status, ref.kyc_expires_on, ref.branch_id) == (
        "AAPFU0939F",
        ("27AAPFU0939F1ZV",),
        "verified",
        partner.kyc_expires_on,
        BRANCH_A,
    )
    [office] = ref.locations
    assert (office.kind, office.state_code, office.can_ship_from, office.address.city) == (
        "head_office",
        "27",
        True,
        "Mumbai",
    )
    assert office.coordinates is not None
    elsewhere = PartnerFacadeService(lambda: world.fake.uow(DataScope(OTHER_TENANT)))
    with pytest.raises(PartnerNotFound):
        await elsewhere.capabilities(partner.id)
    via_query = await get_capabilities(GetCapabilities(partner.id), staff(), world.ctx)
    assert via_query.reasons == ("domestic trade needs a verified GST certificate and a verified PAN card",)


async def test_the_facade_gives_trading_parties_in_one_read_leaving_out_the_unseen(world: World) -> None:
    mine = await approved(world, branch_id=BRANCH_A)
    facade = PartnerFacadeService(lambda: world.fake.uow(DataScope(TENANT)), lambda: world.today)
    nobody = uuid.uuid4()
    parties = await facade.trading_parties([mine.id, nobody, mine.id])
    assert list(parties) == [mine.id]
    assert parties[mine.id].ref == await facade.get_partner(mine.id)
    assert parties[mine.id].capabilities == await facade.capabilities(mine.id)
    elsewhere = PartnerFacadeService(lambda: world.fake.uow(DataScope(OTHER_TENANT)), lambda: world.today)
    assert await elsewhere.trading_parties([mine.id]) == {}
    assert await facade.trading_parties([]) == {}
