"""Postings keep the branch holding their partner when posted; staff limited to branches (or to
commodities) post for, see, publish, cancel and match the postings of their branches (commodities)
only: others are a 404, a partner of another branch (or another commodity) a 403. Negotiations
follow the same grants. Partner users are limited by their partner instead."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from backend.contracts.partners.queries import PartnerRef
from backend.core.principal import Grant, Principal, UserKind
from backend.modules.trading.application import access
from backend.modules.trading.application.commands.cancel_requirement import CancelRequirement, cancel_requirement
from backend.modules.trading.application.commands.publish_availability import (
    PublishAvailability,
    publish_availability,
)
from backend.modules.trading.application.commands.start_negotiation import StartNegotiation, start_negotiation
from backend.modules.trading.application.deal_access import NEGOTIATE
from backend.modules.trading.application.errors import OutsideBranches, PostingNotFound
from backend.modules.trading.application.ports import DealFilter, PostingFilter
from backend.modules.trading.application.queries.get_posting import GetAvailability, get_availability
from backend.modules.trading.application.queries.list_deals import ListDeals, list_negotiations
from backend.modules.trading.application.queries.list_postings import ListPostings, list_availabilities
from tests.service.trading.flows import draft_availability, draft_requirement, live_requirement, matched
from tests.service.trading.world import TENANT, World, partner_user


def _move(world: World, partner: PartnerRef, branch_id: uuid.UUID | None) -> PartnerRef:
    tenant_id, ref, capabilities = world.partners.partners[partner.id]
    moved = replace(ref, branch_id=branch_id)
    world.partners.partners[partner.id] = (tenant_id, moved, capabilities)
    return moved


def _staff(*branches: uuid.UUID) -> Principal:
    """Staff holding the posting permissions in ``branches`` only."""
    grant = (Grant(branches=frozenset(branches)),)
    codes = (access.READ, access.POST, access.MATCH)
    return Principal(uuid.uuid4(), UserKind.INTERNAL, TENANT, grants=dict.fromkeys(codes, grant))


async def _listed(world: World, actor: Principal) -> list[uuid.UUID]:
    return [a.id for a in (await list_availabilities(ListPostings(PostingFilter(limit=50)), actor, world.ctx)).items]


async def test_a_branch_limited_desk_works_the_postings_of_its_branch_only(world: World) -> None:
    rajkot, surat = uuid.uuid4(), uuid.uuid4()
    seller = _move(world, world.seller, rajkot)
    desk, other_desk = _staff(rajkot), _staff(surat)

    draft = await draft_availability(world, seller, actor=desk)
    assert world.fake.stores.availabilities[draft.id].branch_id == rajkot  # frozen when posted
    _move(world, seller, surat)  # a later transfer of the partner does not move the posting
    assert await _listed(world, desk) == [draft.id]
    assert await _listed(world, other_desk) == []
    with pytest.raises(PostingNotFound):
        await get_availability(GetAvailability(draft.id), other_desk, world.ctx)
    with pytest.raises(PostingNotFound):  # hidden, not refused
        await publish_availability(PublishAvailability(draft.id), other_desk, world.ctx)
    assert (await publish_availability(PublishAvailability(draft.id), desk, world.ctx)).status == "active"
    assert await _listed(world, partner_user(seller.id)) == [draft.id]


async def test_posting_for_a_partner_of_another_branch_is_a_403_and_writes_nothing(world: World) -> None:
    rajkot, surat = uuid.uuid4(), uuid.uuid4()
    buyer = _move(world, world.buyer, rajkot)
    with pytest.raises(OutsideBranches) as refused:
        await draft_requirement(world, buyer, actor=_staff(surat))
    assert refused.value.extra == {"permission": access.POST}
    assert buyer.code in refused.value.detail
    assert world.fake.stores.requirements == {}


async def test_matching_and_cancelling_need_the_grant_in_the_postings_branch(world: World) -> None:
    rajkot, surat = uuid.uuid4(), uuid.uuid4()
    buyer = _move(world, world.buyer, rajkot)
    wanted = await live_requirement(world, buyer)
    with pytest.raises(PostingNotFound):
        await matched(world, wanted, _staff(surat))
    assert (await matched(world, wanted, _staff(rajkot))).requirement_id == wanted.id
    with pytest.raises(PostingNotFound):
        await cancel_requirement(CancelRequirement(wanted.id, "not needed"), _staff(surat), world.ctx)


def _commodity_staff(*commodities: uuid.UUID) -> Principal:
    """Staff holding the posting and deal permissions for ``commodities`` only, in every branch."""
    grant = (Grant(commodities=frozenset(commodities)),)
    codes = (access.READ, access.POST, access.MATCH, NEGOTIATE)
    return Principal(uuid.uuid4(), UserKind.INTERNAL, TENANT, grants=dict.fromkeys(codes, grant))


async def test_a_commodity_limited_desk_works_its_commodities_only(world: World) -> None:
    cotton_desk, wheat_desk = _commodity_staff(world.cotton.id), _commodity_staff(uuid.uuid4())
    with pytest.raises(OutsideBranches) as refused:
        await draft_availability(world, actor=wheat_desk)
    assert refused.value.extra == {"permission": access.POST}
    draft = await draft_availability(world, actor=cotton_desk)
    assert await _listed(world, cotton_desk) == [draft.id]
    assert await _listed(world, wheat_desk) == []
    with pytest.raises(PostingNotFound):
        await get_availability(GetAvailability(draft.id), wheat_desk, world.ctx)

    await publish_availability(PublishAvailability(draft.id), cotton_desk, world.ctx)
    wanted = await live_requirement(world)
    token = (await matched(world, wanted, cotton_desk)).items[0].token
    with pytest.raises(OutsideBranches):
        await start_negotiation(StartNegotiation(token, world.buyer.id), wheat_desk, world.ctx)
    started = await start_negotiation(StartNegotiation(token, world.buyer.id), cotton_desk, world.ctx)
    assert world.fake.stores.negotiations[started.id].commodity_id == world.cotton.id
    page = ListDeals(DealFilter(limit=10))
    assert [n.id for n in (await list_negotiations(page, cotton_desk, world.ctx)).items] == [started.id]
    assert (await list_negotiations(page, wheat_desk, world.ctx)).items == ()
