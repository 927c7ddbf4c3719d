"""Negotiations: one per match, started by either party, offers alternating within the postings'
limits, ended by a rejection, a withdrawal or the idle expiry job (each closes the match)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

import pytest

from backend.modules.trading.application.commands.reject_offer import RejectOffer, reject_offer
from backend.modules.trading.application.commands.start_negotiation import StartNegotiation, start_negotiation
from backend.modules.trading.application.commands.withdraw_negotiation import (
    WithdrawNegotiation,
    withdraw_negotiation,
)
from backend.modules.trading.application.deal_access import DealNotFound
from backend.modules.trading.application.negotiation_expiry_job import expire_idle_negotiations
from backend.modules.trading.application.ports import DealFilter
from backend.modules.trading.application.queries.get_deal import GetNegotiation, get_negotiation
from backend.modules.trading.application.queries.list_deals import ListDeals, list_negotiations
from backend.modules.trading.domain.enums import PriceType
from backend.modules.trading.domain.errors import (
    InvalidTradingInput,
    MatchNotOpen,
    NegotiationClosed,
    NotAParty,
    OfferOutOfTurn,
)
from backend.modules.trading.domain.quantities import Quantity
from tests.fakes.trading_facades import MUMBAI, place
from tests.service.trading.test_deals_flows import Desk, dealer, desk, matched_token, offer, party, start
from tests.service.trading.world import NOW, OTHER_TENANT, TENANT, World


async def test_the_buyer_starts_the_one_negotiation_a_match_allows(world: World) -> None:
    d = desk(world)
    token = await matched_token(d)
    view = await start(d, token)
    assert (view.status, view.started_by, view.started_at, view.expires_at) == (
        "open",
        "buyer",
        NOW,
        NOW + timedelta(hours=48),
    )
    assert (view.buyer.code, view.seller.code) == ("BP-IN-0010", "BP-IN-0001")  # identities revealed
    assert (view.listed_price, view.currency, view.price_unit, view.unit) == (Decimal(60000), "INR", "CANDY", "KG")
    assert (view.min_quantity, view.max_quantity, view.fixed_price) == (None, Decimal(17000), None)
    assert d.match(token).status.value == "negotiating"
    [event] = world.events("trading.negotiation_started.v1")
    assert (event.negotiation_id, event.started_by_partner_id) == (view.id, d.buyer.id)
    with pytest.raises(MatchNotOpen) as raised:  # a 409, whoever asks
        await start(d, token, by=d.seller)
    assert raised.value.extra == {"current_status": "negotiating"}
    listed = await list_negotiations(ListDeals(DealFilter(limit=10)), dealer(), d.ctx)
    assert [n.id for n in listed.items] == [view.id]


async def test_the_seller_may_start_it_too_by_the_match_id(world: World) -> None:
    d = desk(world)
    match = d.match(await matched_token(d))
    view = await start_negotiation(StartNegotiation(str(match.id)), party(d.seller.id), d.ctx)
    assert (view.started_by, view.match_id) == ("seller", match.id)
    with pytest.raises(MatchNotOpen):  # the tenant's staff acting for the buyer: still one per match
        await start_negotiation(StartNegotiation(match.token, d.buyer.id), dealer(), d.ctx)


async def test_only_a_party_of_the_tenant_finds_the_match(world: World) -> None:
    d = desk(world)
    token = await matched_token(d)
    stranger = world.partners.add(TENANT, "BP-IN-0003", place(MUMBAI, can_receive=False))
    with pytest.raises(DealNotFound):
        await start(d, token, by=stranger)
    with pytest.raises(DealNotFound):
        await start_negotiation(StartNegotiation(token, d.buyer.id), dealer(OTHER_TENANT), d.ctx)
    with pytest.raises(DealNotFound):
        await start(d, "M-000000000000")
    with pytest.raises(DealNotFound):
        await start_negotiation(StartNegotiation(str(uuid.uuid4())), party(d.buyer.id), d.ctx)
    with pytest.raises(NotAParty):  # the staff name a party of the match, or nobody
        await start_negotiation(StartNegotiation(token, stranger.id), dealer(), d.ctx)
    assert d.match(token).status.value == "open"
    assert world.fake.stores.negotiations == {}


async def test_offers_alternate_and_repeat_the_terms_before_them(world: World) -> None:
    d = desk(world)
    negotiation = await start(d, await matched_token(d))
    first = await offer(d, negotiation.id, d.buyer, 40, 59000)
    with pytest.raises(OfferOutOfTurn):
        await offer(d, negotiation.id, d.buyer, 40, 59500)
    world.later(hours=1)
    second = await offer(d, negotiation.id, d.seller, 40, 59800)
    [made, countered] = second.offers
    assert (made.side, made.status, made.price) == ("buyer", "countered", Decimal(59000))
    assert made.quantity == Decimal("14222.4")  # 40 candies, in kg
    assert (countered.side, countered.status, countered.made_at) == ("seller", "pending", NOW + timedelta(hours=1))
    # terms left out come from the postings, then from the offer before
    assert (made.payment_terms, made.delivery_terms) == ("100% against delivery", "ex-gin Rajkot")
    assert (countered.payment_terms, countered.delivery_terms) == (made.payment_terms, made.delivery_terms)
    assert (second.last_activity_at, second.expires_at) == (NOW + timedelta(hours=1), NOW + timedelta(hours=49))
    assert second.version == first.version + 1
    assert [e.by_partner_id for e in world.events("trading.offer_made.v1")] == [d.buyer.id, d.seller.id]
    with pytest.raises(DealNotFound):  # another partner does not learn it exists
        await get_negotiation(GetNegotiation(negotiation.id), party(uuid.uuid4()), d.ctx)


async def _refused(
    d: Desk,
    availability: Mapping[str, object],
    requirement: Mapping[str, object],
    *,
    quantity: int = 40,
    price: int = 60000,
) -> str:
    negotiation = await start(d, await matched_token(d, dict(availability), dict(requirement)))
    with pytest.raises(InvalidTradingInput) as raised:
        await offer(d, negotiation.id, d.buyer, quantity, price)
    [error] = raised.value.errors
    return f"{error.field}: {error.message}"


async def test_a_fixed_price_cannot_be_bargained(world: World) -> None:
    fixed = {"price_type": PriceType.FIXED}
    assert await _refused(desk(world), fixed, {}, price=59000) == "price: the price is fixed at 60000"


async def test_an_offer_respects_the_minimum_order(world: World) -> None:
    minimum = {"minimum_order": Quantity(Decimal(60), "BALE")}
    message = await _refused(desk(world), minimum, {}, quantity=20)
    assert message == "quantity: the minimum order is 10200"


async def test_an_offer_is_at_most_what_is_still_available(world: World) -> None:
    assert await _refused(desk(world), {}, {}, quantity=50) == "quantity: at most 17000 can be offered"


async def test_an_offer_is_at_most_what_is_still_wanted(world: World) -> None:
    fewer = {"min_quantity": Decimal(20), "preferred_quantity": Decimal(30), "max_quantity": Decimal(40)}
    message = await _refused(desk(world), {}, fewer, quantity=40)
    assert message == "quantity: at most 6800 can be offered"  # 40 bales


async def test_a_whole_lot_is_sold_whole(world: World) -> None:
    whole = {"partial_orders_allowed": False}
    assert await _refused(desk(world), whole, {}, quantity=40) == "quantity: the lot is sold whole: 17000"


async def test_rejecting_the_latest_offer_ends_it_and_closes_the_match(world: World) -> None:
    d = desk(world)
    token = await matched_token(d)
    negotiation = await offer(d, (await start(d, token)).id, d.buyer)
    command = RejectOffer(negotiation.id, negotiation.offers[-1].id, " too cheap ")
    with pytest.raises(Exception, match="only the other party"):
        await reject_offer(command, party(d.buyer.id), d.ctx)
    rejected = await reject_offer(command, party(d.seller.id), d.ctx)
    assert (rejected.status, rejected.end_reason, rejected.ended_at) == ("rejected", "too cheap", NOW)
    assert rejected.offers[-1].status == "rejected"
    assert d.match(token).status.value == "closed"
    with pytest.raises(NegotiationClosed):
        await offer(d, negotiation.id, d.seller, 40, 61000)
    with pytest.raises(MatchNotOpen):
        await start(d, token)


async def test_withdrawing_takes_the_pending_offer_with_it(world: World) -> None:
    d = desk(world)
    token = await matched_token(d)
    negotiation = await offer(d, (await start(d, token)).id, d.buyer)
    command = WithdrawNegotiation(negotiation.id, "bought elsewhere")
    withdrawn = await withdraw_negotiation(command, party(d.buyer.id), d.ctx)
    assert (withdrawn.status, withdrawn.end_reason) == ("withdrawn", "bought elsewhere")
    assert withdrawn.offers[-1].status == "withdrawn"
    assert d.match(token).status.value == "closed"
    with pytest.raises(NegotiationClosed):
        await withdraw_negotiation(WithdrawNegotiation(negotiation.id), party(d.seller.id), d.ctx)


async def test_the_expiry_job_ends_negotiations_idle_past_their_timeout(world: World) -> None:
    d = desk(world)
    token = await matched_token(d)
    idle = await offer(d, (await start(d, token)).id, d.buyer)
    world.later(hours=47, minutes=59)
    assert await expire_idle_negotiations(d.ctx) == 0
    world.later(minutes=1)
    with pytest.raises(NegotiationClosed) as raised:  # the answer is too late even before the job runs
        await offer(d, idle.id, d.seller, 40, 61000)
    assert raised.value.extra == {"current_status": "expired"}
    assert await expire_idle_negotiations(d.ctx) == 1
    assert await expire_idle_negotiations(d.ctx) == 0
    expired = await get_negotiation(GetNegotiation(idle.id), party(d.seller.id), d.ctx)
    assert (expired.status, expired.ended_at, expired.offers[-1].status) == ("expired", world.now, "expired")
    assert d.match(token).status.value == "closed"
