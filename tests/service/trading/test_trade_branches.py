"""A trade is booked in the branches holding its parties, frozen at booking and announced to risk."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from backend.contracts.partners.queries import PartnerRef
from backend.core.principal import Grant, Principal, UserKind
from backend.modules.trading.application.access import READ
from backend.modules.trading.application.commands.change_trade_status import ChangeTradeStatus, change_trade_status
from backend.modules.trading.application.commands.make_offer import MakeOffer, make_offer
from backend.modules.trading.application.commands.start_negotiation import StartNegotiation, start_negotiation
from backend.modules.trading.application.deal_access import NEGOTIATE, TRADE, DealNotFound
from backend.modules.trading.application.errors import OutsideBranches
from backend.modules.trading.application.ports import DealFilter
from backend.modules.trading.application.queries.get_deal import GetNegotiation, GetTrade, get_negotiation, get_trade
from backend.modules.trading.application.queries.list_deals import ListDeals, list_negotiations, list_trades
from backend.modules.trading.domain.enums import TradeStatus
from tests.service.trading.test_deals_flows import accept, desk, matched_token, offer, party, start
from tests.service.trading.world import TENANT, World, staff


def _move(world: World, partner: PartnerRef, branch_id: uuid.UUID | None) -> None:
    tenant_id, ref, capabilities = world.partners.partners[partner.id]
    world.partners.partners[partner.id] = (tenant_id, replace(ref, branch_id=branch_id), capabilities)


async def test_the_trade_names_each_partys_branch(world: World) -> None:
    d = desk(world)
    rajkot, ahmedabad = uuid.uuid4(), uuid.uuid4()
    _move(world, d.seller, rajkot)
    _move(world, d.buyer, ahmedabad)
    token = await matched_token(d)
    trade = await accept(d, await offer(d, (await start(d, token)).id, d.buyer), d.seller)

    [event] = world.events("trading.trade_confirmed.v1")
    assert (event.buyer_branch_id, event.seller_branch_id, event.branch_id) == (ahmedabad, rajkot, None)
    _move(world, d.buyer, None)  # a later transfer of the partner does not move the booked trade
    stored = world.fake.stores.trades[trade.id]
    assert (stored.branches.buyer, stored.branches.seller) == (ahmedabad, rajkot)
    assert (await get_trade(GetTrade(trade.id), staff(), d.ctx)).id == trade.id


async def test_parties_of_one_branch_book_the_trade_there(world: World) -> None:
    d = desk(world)
    rajkot = uuid.uuid4()
    _move(world, d.seller, rajkot)
    _move(world, d.buyer, rajkot)
    token = await matched_token(d)
    await accept(d, await offer(d, (await start(d, token)).id, d.buyer), d.seller)
    [event] = world.events("trading.trade_confirmed.v1")
    assert (event.buyer_branch_id, event.seller_branch_id, event.branch_id) == (rajkot, rajkot, rajkot)


def _branch_staff(**grants: frozenset[uuid.UUID] | None) -> Principal:
    """Staff holding each named permission (``read``, ``trade``, ``negotiate``) in those branches (None:
    everywhere)."""
    codes = {"read": READ, "trade": TRADE, "negotiate": NEGOTIATE}
    given = {codes[name]: (Grant(branches=branches),) for name, branches in grants.items()}
    return Principal(uuid.uuid4(), UserKind.INTERNAL, TENANT, grants=given)


def _offer(negotiation_id: uuid.UUID, acting_for: uuid.UUID) -> MakeOffer:
    return MakeOffer(negotiation_id, Decimal(60000), Decimal(40), "CANDY", acting_for_partner_id=acting_for)


async def _listed(d: Any, actor: Principal) -> list[uuid.UUID]:
    page = await list_trades(ListDeals(DealFilter(limit=50)), actor, d.ctx)
    return [t.id for t in page.items]


async def test_branch_limited_staff_see_and_move_the_trades_of_their_branches_only(world: World) -> None:
    d = desk(world)
    rajkot, ahmedabad, surat = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    _move(world, d.seller, rajkot)
    _move(world, d.buyer, ahmedabad)
    trade = await accept(d, await offer(d, (await start(d, await matched_token(d))).id, d.buyer), d.seller)

    for branches in ({rajkot}, {ahmedabad}, {surat, ahmedabad}):  # either party's branch will do
        seer = _branch_staff(read=frozenset(branches))
        assert await _listed(d, seer) == [trade.id]
        assert (await get_trade(GetTrade(trade.id), seer, d.ctx)).id == trade.id
    outsider = _branch_staff(read=frozenset({surat}), trade=frozenset({surat}))
    assert await _listed(d, outsider) == []
    with pytest.raises(DealNotFound):
        await get_trade(GetTrade(trade.id), outsider, d.ctx)
    with pytest.raises(DealNotFound):  # the trade is hidden, not refused: its existence stays unknown
        await change_trade_status(ChangeTradeStatus(trade.id, TradeStatus.IN_TRANSIT), outsider, d.ctx)

    # moving a trade needs the grant of trading.trade in its branches, whatever the read grant covers
    reader_here = _branch_staff(read=None, trade=frozenset({surat}))
    with pytest.raises(DealNotFound):
        await change_trade_status(ChangeTradeStatus(trade.id, TradeStatus.IN_TRANSIT), reader_here, d.ctx)
    mover = _branch_staff(read=None, trade=frozenset({rajkot}))
    moved = await change_trade_status(ChangeTradeStatus(trade.id, TradeStatus.IN_TRANSIT), mover, d.ctx)
    assert moved.status == "in_transit"


async def test_a_trade_outside_every_branch_is_for_branch_unlimited_staff_only(world: World) -> None:
    d = desk(world)
    trade = await accept(d, await offer(d, (await start(d, await matched_token(d))).id, d.buyer), d.seller)
    assert await _listed(d, _branch_staff(read=frozenset({uuid.uuid4()}))) == []
    assert await _listed(d, _branch_staff(read=None)) == [trade.id]
    assert await _listed(d, party(d.buyer.id)) == [trade.id]  # a partner user is limited by its partner


async def test_a_negotiation_keeps_its_parties_branches_and_branch_limited_staff_see_their_own(world: World) -> None:
    d = desk(world)
    rajkot, ahmedabad, surat = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    _move(world, d.seller, rajkot)
    _move(world, d.buyer, ahmedabad)
    started = await start(d, await matched_token(d))
    _move(world, d.seller, surat)  # a later transfer does not move the negotiation
    stored = world.fake.stores.negotiations[started.id]
    assert (stored.branches.buyer, stored.branches.seller) == (ahmedabad, rajkot)

    seer = _branch_staff(read=frozenset({rajkot}), negotiate=frozenset({rajkot}))
    assert [n.id for n in (await list_negotiations(ListDeals(DealFilter(limit=50)), seer, d.ctx)).items] == [started.id]
    assert (await get_negotiation(GetNegotiation(started.id), seer, d.ctx)).id == started.id
    await make_offer(_offer(started.id, d.seller.id), seer, d.ctx)

    outsider = _branch_staff(read=frozenset({surat}), negotiate=frozenset({surat}))
    assert (await list_negotiations(ListDeals(DealFilter(limit=50)), outsider, d.ctx)).items == ()
    with pytest.raises(DealNotFound):
        await get_negotiation(GetNegotiation(started.id), outsider, d.ctx)
    with pytest.raises(DealNotFound):  # hidden, not refused
        await make_offer(_offer(started.id, d.buyer.id), outsider, d.ctx)


async def test_branch_limited_staff_start_negotiations_for_their_branches_only(world: World) -> None:
    d = desk(world)
    rajkot, surat = uuid.uuid4(), uuid.uuid4()
    _move(world, d.seller, rajkot)
    token = await matched_token(d)
    outsider = _branch_staff(negotiate=frozenset({surat}))
    with pytest.raises(OutsideBranches) as refused:
        await start_negotiation(StartNegotiation(token, d.buyer.id), outsider, d.ctx)
    assert refused.value.extra == {"permission": NEGOTIATE}
    assert world.fake.stores.negotiations == {}  # nothing started, the match still open
    started = await start_negotiation(
        StartNegotiation(token, d.buyer.id), _branch_staff(negotiate=frozenset({rajkot})), d.ctx
    )
    assert started.status == "open"
