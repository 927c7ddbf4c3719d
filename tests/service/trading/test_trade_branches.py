"""A trade is booked in the branches holding its parties, frozen at booking and announced to risk."""

from __future__ import annotations

import uuid
from dataclasses import replace

from backend.contracts.partners.queries import PartnerRef
from backend.modules.trading.application.queries.get_deal import GetTrade, get_trade
from tests.service.trading.test_deals_flows import accept, desk, matched_token, offer, start
from tests.service.trading.world import World, staff


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
