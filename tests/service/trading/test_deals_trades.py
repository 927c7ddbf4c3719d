"""Accepting an offer books the trade in one transaction (gap-free numbers, quantities moved, GST
split by the places, the buyer's credit checked), and a trade moves along its status machine."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.core.errors import ConcurrencyConflict, Conflict, ValidationFailed
from backend.modules.risk.domain.errors import CreditLimitExceeded
from backend.modules.trading.application.commands.change_trade_status import ChangeTradeStatus, change_trade_status
from backend.modules.trading.application.deal_access import DealNotFound
from backend.modules.trading.application.errors import LinkedPartiesNeedApproval
from backend.modules.trading.application.ports import DealFilter
from backend.modules.trading.application.queries.get_deal import GetNegotiation, GetTrade, get_negotiation, get_trade
from backend.modules.trading.application.queries.get_posting import (
    GetAvailability,
    GetRequirement,
    get_availability,
    get_requirement,
)
from backend.modules.trading.application.queries.list_deals import ListDeals, list_trades
from backend.modules.trading.application.trade_places import PlaceChoice
from backend.modules.trading.domain.enums import TradeStatus
from backend.modules.trading.domain.errors import CannotAcceptOwnOffer, IllegalTransition
from tests.fakes.trading_facades import AHMEDABAD, MUMBAI, place
from tests.fakes.trading_stores import TradeStatusLine
from tests.service.trading.test_deals_flows import (
    Desk,
    accept,
    booked,
    dealer,
    desk,
    matched_token,
    offer,
    party,
    start,
)
from tests.service.trading.world import NOW, TENANT, World, staff

NIL = Decimal(0)
SOLD = Decimal("14222.4")  # 40 candies of 355.56 kg
AMOUNT = Decimal("2400000.00")  # 40 candies at 60000


async def test_accepting_books_the_trade_and_moves_the_quantities(world: World) -> None:
    d = desk(world)
    token = await matched_token(d)
    negotiation = await offer(d, (await start(d, token)).id, d.buyer)
    trade = await accept(d, negotiation, d.seller)
    assert (trade.number, trade.status, trade.quantity, trade.unit) == ("TR-2026-000001", "active", SOLD, "KG")
    assert (trade.price, trade.price_unit, trade.amount) == (Decimal(60000), "CANDY", AMOUNT)
    assert trade.gst_rate == Decimal(5)
    half = Decimal(60000)  # 2.5% each
    assert (trade.tax_regime, trade.cgst, trade.sgst, trade.igst) == ("intra_state", half, half, NIL)
    assert trade.total == Decimal("2520000.00")
    assert (trade.ship_from.city, trade.ship_to.city, trade.bill_to.city) == ("Rajkot", "Ahmedabad", "Ahmedabad")
    assert (trade.payment_terms, trade.delivery_terms) == ("100% against delivery", "ex-gin Rajkot")
    assert d.credit.checked == [(d.buyer.id, Decimal("2520000.00"), "INR")]  # the invoice value

    match = d.match(token)
    availability = await get_availability(GetAvailability(match.availability_id), staff(), d.ctx)
    requirement = await get_requirement(GetRequirement(match.requirement_id), staff(), d.ctx)
    assert (availability.available, availability.sold) == (Decimal(17000) - SOLD, SOLD)
    assert (requirement.fulfilled, requirement.status) == (SOLD, "partially_fulfilled")
    assert match.status.value == "closed"
    accepted = await get_negotiation(GetNegotiation(negotiation.id), party(d.buyer.id), d.ctx)
    assert (accepted.status, accepted.offers[-1].status) == ("accepted", "accepted")

    [event] = world.events("trading.trade_confirmed.v1")
    assert (event.trade_id, event.trade_number, event.tenant_id) == (trade.id, "TR-2026-000001", TENANT)
    assert (event.buyer_partner_id, event.seller_partner_id) == (d.buyer.id, d.seller.id)
    assert (event.quantity, event.unit, event.price, event.price_unit) == (SOLD, "KG", Decimal(60000), "CANDY")
    assert (event.amount, event.cgst, event.sgst, event.igst) == (AMOUNT, Decimal(60000), Decimal(60000), NIL)
    [reserved] = d.credit.reservations  # the credit the booking held, for risk to consume
    assert (event.credit_reservation_id, d.credit.released) == (reserved, [])
    [line] = world.fake.stores.trade_history
    assert (line.trade_id, line.from_status, line.to_status, line.changed_at) == (trade.id, None, "active", NOW)


async def test_trade_numbers_follow_each_other_without_gaps(world: World) -> None:
    first = await booked(desk(world))
    other = desk(world, place(AHMEDABAD, can_ship_from=False, kind="head_office"), code="BP-IN-0011")
    second = await booked(other, {"price": Decimal(60100)})  # the first lot has too little left
    assert (first.number, second.number) == ("TR-2026-000001", "TR-2026-000002")
    assert world.fake.stores.trade_sequences == {(TENANT, 2026): 2}
    page = await list_trades(ListDeals(DealFilter(limit=10)), dealer(), other.ctx)
    assert [t.number for t in page.items] == ["TR-2026-000002", "TR-2026-000001"]
    own = await list_trades(ListDeals(DealFilter(limit=10)), party(other.buyer.id), other.ctx)
    assert [t.number for t in own.items] == ["TR-2026-000002"]


async def test_delivery_to_another_state_is_taxed_as_igst(world: World) -> None:
    mumbai = place(MUMBAI, can_ship_from=False)
    d = desk(world, place(AHMEDABAD, can_ship_from=False, kind="head_office"), mumbai)
    negotiation = await offer(d, (await start(d, await matched_token(d))).id, d.buyer)
    trade = await accept(d, negotiation, d.seller, PlaceChoice(ship_to=mumbai.id))
    assert (trade.ship_to.city, trade.bill_to.city) == ("Mumbai", "Ahmedabad")
    assert (trade.tax_regime, trade.cgst, trade.sgst, trade.igst) == ("inter_state", NIL, NIL, Decimal(120000))
    [event] = world.events("trading.trade_confirmed.v1")
    assert (event.cgst, event.sgst, event.igst) == (NIL, NIL, Decimal(120000))


async def _unchanged(d: Desk, token: str, negotiation_id: uuid.UUID, published: int) -> None:
    """Nothing of the refused acceptance was kept."""
    match = d.match(token)
    assert match.status.value == "negotiating"
    kept = await get_negotiation(GetNegotiation(negotiation_id), party(d.buyer.id), d.ctx)
    assert (kept.status, kept.offers[-1].status) == ("open", "pending")
    availability = await get_availability(GetAvailability(match.availability_id), staff(), d.ctx)
    requirement = await get_requirement(GetRequirement(match.requirement_id), staff(), d.ctx)
    assert (availability.available, availability.sold, requirement.fulfilled) == (Decimal(17000), NIL, NIL)
    stores = d.world.fake.stores
    assert (stores.trades, stores.trade_sequences, stores.trade_history) == ({}, {}, [])
    assert len(d.world.fake.published) == published


async def test_a_party_cannot_accept_its_own_offer(world: World) -> None:
    d = desk(world)
    token = await matched_token(d)
    negotiation = await offer(d, (await start(d, token)).id, d.buyer)
    published = len(world.fake.published)
    with pytest.raises(CannotAcceptOwnOffer) as raised:
        await accept(d, negotiation, d.buyer)
    assert raised.value.extra == {"side": "buyer"}
    await _unchanged(d, token, negotiation.id, published)


async def test_a_buyer_over_its_credit_limit_books_nothing(world: World) -> None:
    d = desk(world)
    d.credit.limit(d.buyer.id, Decimal(3000000), exposure=Decimal(500000))
    token = await matched_token(d)
    negotiation = await offer(d, (await start(d, token)).id, d.buyer)
    published = len(world.fake.published)
    with pytest.raises(CreditLimitExceeded) as raised:
        await accept(d, negotiation, d.seller)
    assert isinstance(raised.value, ValidationFailed)  # a 422
    assert (raised.value.extra["limit"], raised.value.extra["amount"]) == ("3000000", "2520000")
    await _unchanged(d, token, negotiation.id, published)
    d.credit.limit(d.buyer.id, Decimal(3020000), exposure=Decimal(500000))  # exactly at the limit fits
    trade = await accept(d, negotiation, d.seller)
    assert trade.number == "TR-2026-000001"  # the refused booking took no number


async def test_a_booking_refused_after_its_credit_was_reserved_gives_the_credit_back(world: World) -> None:
    d = desk(world)
    d.credit.outcome = "warn"  # linked parties: an internal approver must clear the trade
    token = await matched_token(d)
    negotiation = await offer(d, (await start(d, token)).id, d.buyer)
    published = len(world.fake.published)
    with pytest.raises(LinkedPartiesNeedApproval):
        await accept(d, negotiation, d.seller)
    assert list(d.credit.reservations) == d.credit.released  # reserved, then released
    await _unchanged(d, token, negotiation.id, published)


async def _move(d: Desk, trade_id: uuid.UUID, target: TradeStatus, reason: str | None = None) -> str:
    return (await change_trade_status(ChangeTradeStatus(trade_id, target, reason), dealer(), d.ctx)).status


async def test_a_trade_is_shipped_delivered_and_completed_with_its_history(world: World) -> None:
    d = desk(world)
    trade = await booked(d)
    assert await _move(d, trade.id, TradeStatus.IN_TRANSIT) == "in_transit"
    assert await _move(d, trade.id, TradeStatus.DELIVERED) == "delivered"
    assert await _move(d, trade.id, TradeStatus.COMPLETED) == "completed"
    steps = [(line.from_status, line.to_status) for line in world.fake.stores.trade_history]
    assert steps == [
        (None, "active"),
        ("active", "in_transit"),
        ("in_transit", "delivered"),
        ("delivered", "completed"),
    ]
    assert (await get_trade(GetTrade(trade.id), party(d.seller.id), d.ctx)).version == 4
    with pytest.raises(IllegalTransition) as raised:
        await _move(d, trade.id, TradeStatus.IN_TRANSIT)
    assert (raised.value.current, raised.value.target) == ("completed", "in_transit")
    assert "completed" in str(raised.value)
    assert "in_transit" in str(raised.value)
    assert isinstance(raised.value, Conflict)  # a 409
    assert len(world.fake.stores.trade_history) == 4


async def test_a_dispute_is_resolved_or_ends_in_a_cancellation(world: World) -> None:
    d = desk(world)
    trade = await booked(d)
    assert await _move(d, trade.id, TradeStatus.IN_TRANSIT) == "in_transit"
    with pytest.raises(IllegalTransition) as raised:  # once shipped, a trade is disputed, not cancelled
        await _move(d, trade.id, TradeStatus.CANCELLED, "changed our mind")
    assert (raised.value.current, raised.value.target) == ("in_transit", "cancelled")
    with pytest.raises(Exception, match="reason must have"):
        await _move(d, trade.id, TradeStatus.DISPUTED)
    assert await _move(d, trade.id, TradeStatus.DISPUTED, "short weight") == "disputed"
    assert await _move(d, trade.id, TradeStatus.ACTIVE, "weighed again") == "active"
    assert await _move(d, trade.id, TradeStatus.CANCELLED, "buyer defaulted") == "cancelled"
    last = world.fake.stores.trade_history[-1]
    assert last == TradeStatusLine(trade.id, "active", "cancelled", last.changed_by, "buyer defaulted", last.changed_at)
    [cancelled] = world.events("trading.trade_cancelled.v1")
    assert (cancelled.trade_number, cancelled.reason) == (trade.number, "buyer defaulted")


async def test_only_the_parties_and_the_staff_see_a_trade(world: World) -> None:
    d = desk(world)
    trade = await booked(d)
    assert (await get_trade(GetTrade(trade.id), party(d.buyer.id), d.ctx)).number == trade.number
    with pytest.raises(DealNotFound):
        await get_trade(GetTrade(trade.id), party(uuid.uuid4()), d.ctx)
    with pytest.raises(DealNotFound):
        await change_trade_status(ChangeTradeStatus(trade.id, TradeStatus.IN_TRANSIT), party(uuid.uuid4()), d.ctx)
    assert (await get_trade(GetTrade(trade.id), dealer(), d.ctx)).status == "active"


async def test_two_bookings_racing_for_one_number_do_not_both_commit(world: World) -> None:
    # PostgreSQL makes the second wait on the counter row; the fake refuses it at commit instead
    scope = staff().data_scope
    async with world.fake.uow(scope) as first, world.fake.uow(scope) as second:
        assert await first.trades.next_sequence(2026) == await second.trades.next_sequence(2026) == 1
        await first.commit()
        with pytest.raises(ConcurrencyConflict, match="counter"):
            await second.commit()
    assert world.fake.stores.trade_sequences == {(TENANT, 2026): 1}
