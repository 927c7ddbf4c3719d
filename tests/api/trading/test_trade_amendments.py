"""Trade amendments through the API on real PostgreSQL: one party asks, the counterparty approves
(the next terms version, amount and GST recomputed, the availability and requirement moved, an event
in the outbox) or rejects; the requester cannot approve; more than is available is a 409 that changes
nothing; isolation and bad input."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.modules.trading.infrastructure.tables import outbox
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t

BALE = Decimal(170)  # kg
CANDY = Decimal("355.56")  # kg


def _amount(kg: int | Decimal, price: int | str) -> Decimal:
    return (Decimal(kg) * Decimal(price) / CANDY).quantize(Decimal("0.01"))


async def _events(container: Container, trade_id: str) -> list[tuple[str, dict[str, Any]]]:
    statement = select(outbox.c.wire_name, outbox.c.payload).where(outbox.c.aggregate_id == trade_id)
    async with container.session_factory() as session:
        return [(row.wire_name, row.payload) for row in await session.execute(statement.order_by(outbox.c.seq))]


async def _setup(client: httpx.AsyncClient, m: t.Market) -> tuple[dict[str, Any], dict[str, Any], str]:
    availability = await t.published(client, t.AVAILABILITIES, t.availability(m))
    trade = await d.booked(client, m)  # 20 bales of the 100 at 60000 per candy
    return availability, trade, f"{d.TRADES}/{trade['id']}"


def _ask(acting_for: str, **changes: Any) -> dict[str, Any]:
    return {"reason": "the mill needs more", "acting_for_partner_id": acting_for, **changes}


async def _requirement(client: httpx.AsyncClient, trade: dict[str, Any]) -> dict[str, Any]:
    negotiation = t.ok(await client.get(f"{d.NEGOTIATIONS}/{trade['negotiation_id']}"))
    return t.ok(await client.get(f"{t.REQUIREMENTS}/{negotiation['requirement_id']}"))


async def test_buyer_asks_seller_approves_a_new_version_with_amount_gst_quantities_and_event(
    client: httpx.AsyncClient, market: t.Market, container: Container
) -> None:
    m = market
    availability, trade, url = await _setup(client, m)
    body = _ask(m.buyer.id, quantity="30", quantity_unit="BALE", price="61000")
    asked = t.ok(await client.post(f"{url}/amendments", json=body), 201)
    assert (asked["status"], asked["requested_by"]) == ("pending", "buyer")
    assert sorted(asked["fields"]) == ["price", "quantity"]
    assert (asked["changes"]["quantity"], asked["changes"]["price"]) == ("5100", "61000")
    assert t.ok(await client.get(url))["pending_amendment_id"] == asked["id"]
    again = await client.post(f"{url}/amendments", json=_ask(m.seller.id, price="59000"))
    assert_problem(again, 409, "amendment-pending")

    # the requester cannot approve its own request
    own = await client.post(f"{url}/amendments/{asked['id']}/approve", json={"acting_for_partner_id": m.buyer.id})
    assert_problem(own, 403, "counterparty-approval-required")

    approve = f"{url}/amendments/{asked['id']}/approve"
    amended = t.ok(await client.post(approve, json={"acting_for_partner_id": m.seller.id}))
    amount = _amount(5100, 61000)
    tax = (amount * Decimal("0.025")).quantize(Decimal("0.01"))
    assert (amended["terms_version"], amended["quantity"], amended["price"]) == (2, "5100", "61000")
    assert (Decimal(amended["amount"]), Decimal(amended["cgst"]), Decimal(amended["sgst"])) == (amount, tax, tax)
    assert Decimal(amended["total"]) == amount + 2 * tax
    assert [v["version"] for v in amended["history"]] == [1, 2]
    assert amended["history"][1]["amendment_id"] == asked["id"]
    assert amended["pending_amendment_id"] is None
    decided = await client.post(approve, json={"acting_for_partner_id": m.seller.id})
    assert_problem(decided, 409, "amendment-already-decided")

    # 10 more bales sold and fulfilled
    after = t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))
    assert (after["available"], after["sold"]) == (str(80 * BALE - 10 * BALE), "5100")
    assert (await _requirement(client, trade))["fulfilled"] == "5100"

    versions = t.ok(await client.get(f"{url}/versions"))
    assert (versions["terms_version"], [v["version"] for v in versions["versions"]]) == (2, [1, 2])
    assert (versions["versions"][0]["quantity"], versions["versions"][0]["price"]) == ("3400", "60000")
    decisions = [(a["id"], a["status"], a["terms_version"]) for a in versions["amendments"]]
    assert decisions == [(asked["id"], "approved", 2)]

    events = await _events(container, trade["id"])
    assert [name for name, _ in events] == ["trading.trade_confirmed.v1", "trading.trade_amended.v1"]
    payload = events[1][1]
    assert (payload["terms_version"], payload["quantity"], payload["previous_quantity"]) == (2, "5100", "3400")
    assert Decimal(payload["previous_amount"]) == Decimal(trade["amount"])
    assert (Decimal(payload["amount"]), Decimal(payload["cgst"])) == (amount, tax)
    assert Decimal(payload["previous_cgst"]) == Decimal(trade["cgst"])
    assert sorted(payload["fields"]) == ["price", "quantity"]


async def test_rejection_keeps_the_terms_and_a_smaller_quantity_gives_bales_back(
    client: httpx.AsyncClient, market: t.Market
) -> None:
    m = market
    availability, trade, url = await _setup(client, m)
    asked = t.ok(await client.post(f"{url}/amendments", json=_ask(m.seller.id, delivery_date="2030-01-31")), 201)
    body = {"reason": "the date does not suit the mill", "acting_for_partner_id": m.buyer.id}
    rejected = t.ok(await client.post(f"{url}/amendments/{asked['id']}/reject", json=body))
    assert (rejected["status"], rejected["decision_reason"], rejected["terms_version"]) == (
        "rejected",
        "the date does not suit the mill",
        None,
    )
    assert t.ok(await client.get(url))["terms_version"] == 1

    smaller = t.ok(await client.post(f"{url}/amendments", json=_ask(m.seller.id, quantity="1700")), 201)
    approve = {"acting_for_partner_id": m.buyer.id}
    amended = t.ok(await client.post(f"{url}/amendments/{smaller['id']}/approve", json=approve))
    assert (amended["terms_version"], amended["quantity"]) == (2, "1700")
    assert Decimal(amended["amount"]) == _amount(1700, 60000)
    after = t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))
    assert (after["available"], after["sold"]) == (str(90 * BALE), "1700")
    assert (await _requirement(client, trade))["fulfilled"] == "1700"


async def test_more_than_is_available_is_a_409_and_nothing_changes(
    client: httpx.AsyncClient, market: t.Market, container: Container
) -> None:
    m = market
    availability, trade, url = await _setup(client, m)
    body = _ask(m.buyer.id, quantity="120", quantity_unit="BALE")
    asked = t.ok(await client.post(f"{url}/amendments", json=body), 201)
    refused = await client.post(f"{url}/amendments/{asked['id']}/approve", json={"acting_for_partner_id": m.seller.id})
    problem = assert_problem(refused, 409, "insufficient-quantity")
    assert (problem["requested"], problem["left"]) == (str(100 * BALE), str(80 * BALE))

    assert t.ok(await client.get(url))["terms_version"] == 1
    assert t.ok(await client.get(url))["pending_amendment_id"] == asked["id"]
    after = t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))
    assert (after["available"], after["sold"]) == (str(80 * BALE), "3400")
    assert (await _requirement(client, trade))["fulfilled"] == "3400"
    assert [name for name, _ in await _events(container, trade["id"])] == ["trading.trade_confirmed.v1"]


async def test_bad_input_is_a_422_problem(client: httpx.AsyncClient, market: t.Market) -> None:
    m = market
    _, _, url = await _setup(client, m)
    for body in (
        {"acting_for_partner_id": m.buyer.id, "quantity": "10"},  # no reason
        _ask(m.buyer.id, quantity="-5"),
        _ask(m.buyer.id, price="NaN"),
        _ask(m.buyer.id, colour="red"),  # unknown field
        _ask(m.buyer.id, price="60000"),  # changes nothing
        _ask(m.buyer.id, ship_to_location_id=m.seller.location_id),  # not the buyer's place
        {"reason": "more", "quantity": "10"},  # staff must name the party
    ):
        assert_problem(await client.post(f"{url}/amendments", json=body), 422)
    assert_problem(await client.post(f"{url}/amendments/not-a-uuid/approve", json={}), 422)
    assert t.ok(await client.get(f"{url}/versions"))["amendments"] == []


async def test_partner_users_amend_their_own_trades_and_nobody_else_sees_them(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    m = market
    _, trade, url = await _setup(client, m)
    buyer_user = await h.external_user(container, admin, uuid.UUID(m.buyer.id), "partner_user")
    seller_user = await h.external_user(container, admin, uuid.UUID(m.seller.id), "partner_user")
    third_user = await h.external_user(container, admin, uuid.UUID(m.second_seller.id), "partner_user")
    async with (
        api_client(container, buyer_user) as buyer,
        api_client(container, seller_user) as seller,
        api_client(container, third_user) as third,
    ):
        assert_problem(await third.post(f"{url}/amendments", json={"reason": "x", "price": "1"}), 404)
        asked = t.ok(await buyer.post(f"{url}/amendments", json={"reason": "better price", "price": "59000"}), 201)
        assert_problem(await third.get(f"{url}/versions"), 404)
        assert_problem(await third.post(f"{url}/amendments/{asked['id']}/approve", json={}), 404)
        assert_problem(await buyer.post(f"{url}/amendments/{asked['id']}/approve", json={}), 403)
        amended = t.ok(await seller.post(f"{url}/amendments/{asked['id']}/approve", json={}))
        assert (amended["terms_version"], amended["price"]) == (2, "59000")
        assert [v["version"] for v in t.ok(await buyer.get(f"{url}/versions"))["versions"]] == [1, 2]

    stranger = await h.new_tenant(container, "Guntur Traders")
    async with api_client(container, stranger) as other:
        assert_problem(await other.get(f"{url}/versions"), 404)
        body = {"reason": "x", "price": "1", "acting_for_partner_id": m.buyer.id}
        assert_problem(await other.post(f"{url}/amendments", json=body), 404)
    assert trade["id"] in url
