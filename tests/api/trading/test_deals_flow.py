"""From a match to a binding trade through the API on real PostgreSQL: offers alternate, acceptance
books the trade with a gap-free number, GST split by the places, and the events in the outbox."""

from __future__ import annotations

from decimal import Decimal

import httpx
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.modules.trading.infrastructure.tables import outbox
from tests.api.helpers import assert_problem
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t


async def _events(container: Container, aggregate_id: str) -> list[tuple[str, dict[str, object]]]:
    statement = select(outbox.c.wire_name, outbox.c.payload).where(outbox.c.aggregate_id == aggregate_id)
    async with container.session_factory() as session:
        return [(row.wire_name, row.payload) for row in await session.execute(statement.order_by(outbox.c.seq))]


async def test_match_negotiate_accept_books_the_trade_and_numbers_have_no_gaps(
    client: httpx.AsyncClient, market: t.Market, container: Container
) -> None:
    m = market
    availability = await t.published(client, t.AVAILABILITIES, t.availability(m))
    negotiation = await d.start(client, await d.match_token(client, m), m.buyer.id)
    assert (negotiation["status"], negotiation["started_by"], negotiation["offers"]) == ("open", "buyer", [])
    assert (negotiation["buyer"]["partner_id"], negotiation["seller"]["partner_id"]) == (m.buyer.id, m.seller.id)
    assert negotiation["seller"]["code"]  # identities are revealed once the negotiation starts

    first = await d.offer(client, negotiation["id"], m.buyer.id, price="58000", bales="30")
    again = await client.post(f"{d.NEGOTIATIONS}/{negotiation['id']}/offers", json=d.offer_body(m.buyer.id))
    assert_problem(again, 409, "offer-out-of-turn")
    countered = await d.offer(client, negotiation["id"], m.seller.id, price="59500", bales="20")
    assert [o["status"] for o in countered["offers"]] == ["countered", "pending"]
    assert (countered["offers"][-1]["quantity"], countered["offers"][-1]["side"]) == ("3400", "seller")
    assert first["offers"][0]["payment_terms"] == "30 days from delivery"  # the requirement's, by default

    response = await d.accept(client, countered, m.buyer.id)
    trade = t.ok(response, 201)
    assert response.headers["location"] == f"{d.TRADES}/{trade['id']}"
    assert trade["number"] == f"TR-{d.year()}-000001"
    assert (trade["status"], trade["quantity"], trade["unit"], trade["price"]) == ("active", "3400", "KG", "59500")
    amount = Decimal(trade["amount"])
    assert amount == (Decimal(3400) * Decimal(59500) / Decimal("355.56")).quantize(Decimal("0.01"))
    assert trade["ship_from"]["location_id"] == m.seller.location_id
    assert trade["ship_to"]["location_id"] == trade["bill_to"]["location_id"] == m.buyer.location_id
    # both in Gujarat: CGST and SGST at half the 5% each
    assert trade["tax_regime"] == "intra_state"
    assert Decimal(trade["cgst"]) == Decimal(trade["sgst"]) == (amount * Decimal("0.025")).quantize(Decimal("0.01"))
    assert Decimal(trade["igst"]) == 0
    assert Decimal(trade["total"]) == amount + Decimal(trade["cgst"]) * 2

    after = t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))
    assert (after["available"], after["sold"], after["reserved"]) == ("13600", "3400", "0")
    closed = t.ok(await client.get(f"{d.NEGOTIATIONS}/{negotiation['id']}"))
    assert (closed["status"], closed["offers"][-1]["status"]) == ("accepted", "accepted")
    assert t.ok(await client.get(f"{d.TRADES}/{trade['id']}"))["number"] == trade["number"]

    events = await _events(container, trade["id"])
    assert [name for name, _ in events] == ["trading.trade_confirmed.v1"]
    payload = events[0][1]
    assert (payload["trade_number"], payload["amount"], payload["cgst"]) == (
        trade["number"],
        trade["amount"],
        trade["cgst"],
    )
    assert (payload["buyer_partner_id"], payload["quantity"], payload["igst"]) == (m.buyer.id, "3400", "0")
    started = [name for name, _ in await _events(container, negotiation["id"])]
    assert started[:2] == ["trading.negotiation_started.v1", "trading.offer_made.v1"]

    second = await d.start(client, await d.match_token(client, m, max_price="62500"), m.buyer.id)
    second = await d.offer(client, second["id"], m.seller.id, bales="10")
    assert t.ok(await d.accept(client, second, m.buyer.id), 201)["number"] == f"TR-{d.year()}-000002"
    listed = t.ok(await client.get(d.TRADES))
    assert [item["number"] for item in listed["items"]] == [f"TR-{d.year()}-000002", trade["number"]]


async def test_different_states_pay_igst_at_the_full_rate(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, market: t.Market, container: Container
) -> None:
    m = market
    mumbai = await t.party(client, back_office, "27", t.MUMBAI, ["domestic_buy"])
    await container.relay.drain()  # risk learns the new buyer's credit limit
    await t.published(client, t.AVAILABILITIES, t.availability(m))
    token = await d.match_token(client, m, buyer=mumbai, allow_inter_state=True)
    negotiation = await d.offer(client, (await d.start(client, token, mumbai.id))["id"], m.seller.id)

    trade = t.ok(await d.accept(client, negotiation, mumbai.id), 201)

    amount = Decimal(trade["amount"])
    assert (trade["tax_regime"], trade["cgst"], trade["sgst"]) == ("inter_state", "0", "0")
    assert Decimal(trade["igst"]) == (amount * Decimal("0.05")).quantize(Decimal("0.01"))
    assert (trade["ship_to"]["state_code"], trade["ship_from"]["state_code"]) == ("27", "24")


async def test_one_negotiation_per_match(client: httpx.AsyncClient, market: t.Market) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    token = await d.match_token(client, market)
    await d.start(client, token, market.buyer.id)

    again = await client.post(f"/api/v1/matches/{token}/negotiations", json={"acting_for_partner_id": market.seller.id})

    assert_problem(again, 409, "match-not-open")


async def test_a_party_cannot_accept_its_own_offer(client: httpx.AsyncClient, market: t.Market) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    negotiation = await d.offered(client, market)

    problem = assert_problem(await d.accept(client, negotiation, market.seller.id), 409, "cannot-accept-own-offer")

    assert "seller" in problem["detail"]


async def test_reject_and_withdraw_end_the_negotiation(client: httpx.AsyncClient, market: t.Market) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    negotiation = await d.offered(client, market)
    url = f"{d.NEGOTIATIONS}/{negotiation['id']}/offers/{negotiation['offers'][-1]['id']}/reject"

    rejected = t.ok(await client.post(url, json={"reason": "too dear", "acting_for_partner_id": market.buyer.id}))

    assert (rejected["status"], rejected["end_reason"], rejected["offers"][-1]["status"]) == (
        "rejected",
        "too dear",
        "rejected",
    )
    withdraw = {"acting_for_partner_id": market.seller.id}
    late = await client.post(f"{d.NEGOTIATIONS}/{negotiation['id']}/withdraw", json=withdraw)
    assert_problem(late, 409, "negotiation-closed")


async def test_trade_status_moves_along_the_table_and_an_illegal_move_names_both_states(
    client: httpx.AsyncClient, market: t.Market
) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    trade = await d.booked(client, market)
    url = f"{d.TRADES}/{trade['id']}/status"

    problem = assert_problem(await client.post(url, json={"status": "completed"}), 409, "illegal-trade-transition")
    assert (problem["current_status"], problem["target_status"]) == ("active", "completed")
    assert "active" in problem["detail"]
    assert "completed" in problem["detail"]

    assert t.ok(await client.post(url, json={"status": "in_transit"}))["status"] == "in_transit"
    disputed = t.ok(await client.post(url, json={"status": "disputed", "reason": "bales short by two"}))
    assert (disputed["status"], disputed["status_reason"]) == ("disputed", "bales short by two")
    resolved = t.ok(await client.post(url, json={"status": "active", "reason": "two bales found at the gin"}))
    assert resolved["status"] == "active"
    assert_problem(await client.post(url, json={"status": "cancelled"}), 422)  # a cancellation needs a reason


async def test_bad_input_is_a_422_problem(client: httpx.AsyncClient, market: t.Market) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    negotiation = await d.start(client, await d.match_token(client, market), market.buyer.id)
    url = f"{d.NEGOTIATIONS}/{negotiation['id']}/offers"

    assert_problem(await client.post(url, json=d.offer_body(market.seller.id, price=59000.5)), 422)
    assert_problem(await client.post(url, json=d.offer_body(market.seller.id, price="-1")), 422)
    too_much = assert_problem(await client.post(url, json=d.offer_body(market.seller.id, bales="101")), 422)
    assert "quantity" in {e["field"] for e in too_much["errors"]}
    nobody = await client.post(url, json=d.offer_body(None))
    assert "acting_for_partner_id" in {e["field"] for e in assert_problem(nobody, 422)["errors"]}
    assert_problem(await client.post(f"{d.TRADES}/not-a-uuid/status", json={"status": "active"}), 422)
    assert_problem(await client.post(f"{d.NEGOTIATIONS}/{negotiation['id']}/withdraw", json={"x": 1}), 422)
