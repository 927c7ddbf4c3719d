"""Staff limited to branches see and act on the postings, negotiations and trades of those branches
only (the branch holding the posting's partner, or either party's, frozen when posted, started or
booked); others are a 404, as if they did not exist, and acting for a partner (or on a match) held
in none of their branches is a 403 naming the permission."""

from __future__ import annotations

import uuid

import httpx

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, cotton
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t
from tests.api.trading.helpers import RAJKOT

TRADES = "/api/v1/trades"


async def test_a_branch_limited_trader_sees_and_moves_its_branches_trades_only(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container, admin: Actor
) -> None:
    rajkot, surat = await h.open_test_branch(container, admin), await h.open_test_branch(container, admin)
    m = await t.market(client, back_office)
    in_rajkot = t.Market(
        m.commodity_id,
        m.seller,
        await t.party(client, back_office, "24", RAJKOT, ["domestic_buy"], branch_id=str(rajkot)),
        m.second_seller,
    )
    await container.relay.drain()
    await t.published(client, t.AVAILABILITIES, t.availability(in_rajkot))
    theirs = await d.booked(client, in_rajkot)  # the buyer is held in Rajkot, the seller in none
    elsewhere = await d.booked(client, m)  # the same lot to a buyer held in no branch either
    url = f"{TRADES}/{theirs['id']}"

    negotiation = t.ok(await client.get(f"{d.NEGOTIATIONS}/{theirs['negotiation_id']}"))
    rajkot_trader = await h.internal_user(container, admin, "trader", branch_ids=[rajkot])
    async with api_client(container, rajkot_trader) as c:
        assert [x["id"] for x in t.ok(await c.get(t.REQUIREMENTS))["items"]] == [negotiation["requirement_id"]]
        assert t.ok(await c.get(t.AVAILABILITIES))["items"] == []  # the seller is held in no branch
        listed = t.ok(await c.get(TRADES))
        assert [x["id"] for x in listed["items"]] == [theirs["id"]]
        assert t.ok(await c.get(url))["id"] == theirs["id"]
        assert_problem(await c.get(f"{TRADES}/{elsewhere['id']}"), 404, "deal-not-found")
        moved = t.ok(await c.post(f"{url}/status", json={"status": "in_transit"}))
        assert moved["status"] == "in_transit"
        negotiations = t.ok(await c.get(d.NEGOTIATIONS))
        assert [x["id"] for x in negotiations["items"]] == [theirs["negotiation_id"]]
        assert_problem(await c.get(f"{d.NEGOTIATIONS}/{elsewhere['negotiation_id']}"), 404, "deal-not-found")
        token = await d.match_token(client, m, max_price="62500")  # parties held in no branch
        refused = await c.post(f"/api/v1/matches/{token}/negotiations", json={"acting_for_partner_id": m.buyer.id})
        problem = assert_problem(refused, 403, "outside-branches")
        assert problem["permission"] == "trading.negotiate"

    surat_trader = await h.internal_user(container, admin, "trader", branch_ids=[surat])
    async with api_client(container, surat_trader) as c:
        assert t.ok(await c.get(t.REQUIREMENTS))["items"] == []
        assert_problem(await c.get(f"{t.REQUIREMENTS}/{negotiation['requirement_id']}"), 404, "posting-not-found")
        body = t.requirement(in_rajkot, max_price="61000")
        problem = assert_problem(await c.post(t.REQUIREMENTS, json=body), 403, "outside-branches")
        assert problem["permission"] == "trading.post"
        assert t.ok(await c.get(TRADES))["items"] == []
        assert_problem(await c.get(url), 404, "deal-not-found")
        assert_problem(await c.post(f"{url}/status", json={"status": "delivered"}), 404, "deal-not-found")
        assert_problem(await c.get(f"{url}/versions"), 404, "deal-not-found")
        assert t.ok(await c.get(d.NEGOTIATIONS))["items"] == []
        assert_problem(await c.get(f"{d.NEGOTIATIONS}/{theirs['negotiation_id']}"), 404, "deal-not-found")
    assert t.ok(await client.get(url))["status"] == "in_transit"  # the refused move changed nothing
    assert len(t.ok(await client.get(t.REQUIREMENTS))["items"]) == 3  # the refused posting wrote nothing
    everything = t.ok(await client.get(TRADES))
    assert {x["id"] for x in everything["items"]} >= {theirs["id"], elsewhere["id"]}


async def test_a_commodity_limited_trader_sees_its_commodities_deals_and_postings_only(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container, admin: Actor
) -> None:
    m = await t.market(client, back_office)
    await container.relay.drain()
    await t.published(client, t.AVAILABILITIES, t.availability(m))
    trade = await d.booked(client, m)
    other = t.ok(await client.post("/api/v1/commodities", json=cotton(name="Cotton seed")), 201)

    cotton_trader = await h.internal_user(container, admin, "trader", commodity_ids=[uuid.UUID(m.commodity_id)])
    async with api_client(container, cotton_trader) as c:
        assert [x["id"] for x in t.ok(await c.get(TRADES))["items"]] == [trade["id"]]
        assert [x["id"] for x in t.ok(await c.get(d.NEGOTIATIONS))["items"]] == [trade["negotiation_id"]]
        assert len(t.ok(await c.get(t.AVAILABILITIES))["items"]) == 1
    seed_trader = await h.internal_user(container, admin, "trader", commodity_ids=[uuid.UUID(other["id"])])
    async with api_client(container, seed_trader) as c:
        assert t.ok(await c.get(TRADES))["items"] == []
        assert t.ok(await c.get(d.NEGOTIATIONS))["items"] == []
        assert t.ok(await c.get(t.AVAILABILITIES))["items"] == []
        assert_problem(await c.get(f"{TRADES}/{trade['id']}"), 404, "deal-not-found")
        problem = assert_problem(await c.post(t.AVAILABILITIES, json=t.availability(m)), 403, "outside-branches")
        assert problem["permission"] == "trading.post"
