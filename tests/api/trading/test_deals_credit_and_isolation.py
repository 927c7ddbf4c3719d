"""Acceptance refused over the buyer's credit limit (nothing booked), and who may see or act on a
negotiation or trade: its parties' users and the tenant's staff; everyone else gets a 404."""

from __future__ import annotations

import uuid
from decimal import Decimal

import httpx

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t


async def test_acceptance_over_the_credit_limit_is_a_422_naming_limit_exposure_and_amount(
    client: httpx.AsyncClient, market: t.Market, container: Container
) -> None:
    m = market
    availability = await t.published(client, t.AVAILABILITIES, t.availability(m))
    first = await d.booked(client, m)
    await container.relay.drain()  # risk books the first trade's exposure
    token = await d.match_token(client, m, max_price="62500")
    started = await d.start(client, token, m.buyer.id)
    big = await d.offer(client, started["id"], m.seller.id, price="62000", bales="80")

    problem = assert_problem(await d.accept(client, big, m.buyer.id), 422, "credit-limit-exceeded")

    amount = (Decimal(13600) * Decimal(62000) / Decimal("355.56")).quantize(Decimal("0.01"))
    total = amount + (amount * Decimal("0.025")).quantize(Decimal("0.01")) * 2
    assert (Decimal(problem["limit"]), Decimal(problem["exposure"])) == (Decimal(3_000_000), Decimal(first["total"]))
    assert Decimal(problem["amount"]) == total
    # nothing of the refused acceptance stayed: quantities, negotiation and numbering untouched
    assert t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))["available"] == "13600"
    assert t.ok(await client.get(f"{d.NEGOTIATIONS}/{big['id']}"))["status"] == "open"
    assert [trade["number"] for trade in t.ok(await client.get(d.TRADES))["items"]] == [first["number"]]


async def test_partner_users_negotiate_for_their_own_partner_and_others_see_nothing(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    m = market
    await t.published(client, t.AVAILABILITIES, t.availability(m))
    token = await d.match_token(client, m)
    buyer_user = await h.external_user(container, admin, uuid.UUID(m.buyer.id), "partner_user")
    seller_user = await h.external_user(container, admin, uuid.UUID(m.seller.id), "partner_user")
    third_user = await h.external_user(container, admin, uuid.UUID(m.second_seller.id), "partner_user")

    async with (
        api_client(container, buyer_user) as buyer,
        api_client(container, seller_user) as seller,
        api_client(container, third_user) as third,
    ):
        assert_problem(await third.post(f"/api/v1/matches/{token}/negotiations"), 404)
        negotiation = await d.start(buyer, token, None)
        assert negotiation["seller"]["partner_id"] == m.seller.id
        url = f"{d.NEGOTIATIONS}/{negotiation['id']}"
        wrong_party = d.offer_body(m.buyer.id)
        refused = assert_problem(await seller.post(f"{url}/offers", json=wrong_party), 422)  # its own partner only
        assert error_fields(refused) == {"acting_for_partner_id"}
        # staff naming a partner that is no side of the deal: the same 422 on the same field
        for path, body in ((f"{url}/offers", d.offer_body(m.second_seller.id)), (f"{url}/withdraw", {})):
            stranger_body = {**body, "acting_for_partner_id": m.second_seller.id}
            not_a_party = assert_problem(await client.post(path, json=stranger_body), 422, "not-a-party")
            assert error_fields(not_a_party) == {"acting_for_partner_id"}, path
        offered = await d.offer(seller, negotiation["id"], None)
        assert t.ok(await buyer.get(url))["offers"][0]["by_partner_id"] == m.seller.id

        assert_problem(await third.get(url), 404)
        assert_problem(await third.post(f"{url}/offers", json=d.offer_body(None)), 404)
        assert_problem(await third.post(d.accept_url(offered), json={}), 404)
        assert t.ok(await third.get(d.NEGOTIATIONS))["items"] == []

        trade = t.ok(await d.accept(buyer, offered, None), 201)
        assert_problem(await third.get(f"{d.TRADES}/{trade['id']}"), 404)
        assert t.ok(await third.get(d.TRADES))["items"] == []
        assert [item["id"] for item in t.ok(await seller.get(d.TRADES))["items"]] == [trade["id"]]
        assert t.ok(await seller.get(f"{d.TRADES}/{trade['id']}"))["number"] == trade["number"]
        # moving a trade's status is the staff's permission, not a partner user's
        assert_problem(await buyer.post(f"{d.TRADES}/{trade['id']}/status", json={"status": "in_transit"}), 403)

    stranger = await h.new_tenant(container, "Guntur Traders")
    async with api_client(container, stranger) as other:
        assert_problem(await other.get(f"{d.NEGOTIATIONS}/{negotiation['id']}"), 404)
        assert_problem(await other.get(f"{d.TRADES}/{trade['id']}"), 404)
        assert_problem(await other.post(f"{d.TRADES}/{trade['id']}/status", json={"status": "in_transit"}), 404)
        assert_problem(await other.post(f"/api/v1/matches/{token}/negotiations", json={}), 404)
        assert t.ok(await other.get(d.TRADES))["items"] == []
