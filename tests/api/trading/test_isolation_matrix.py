"""Tenant and partner isolation on every trading endpoint, on one tenant's live trading (``world``):
another tenant's user gets a 404 (never a 403) for each resource and empty lists; a third partner's
user gets a 404 for the parties' resources; neither writes anything. Each party's user sees its own
side, not the other's, and acts where its role permits."""

from __future__ import annotations

import uuid

import httpx

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import endpoints as e
from tests.api.trading import helpers as t
from tests.api.trading import world

# what a partner user's role (partner_user) does not hold: refused before any resource is looked at
STAFF_ONLY = {"trading.match", "trading.trade"}


async def _call(
    client: httpx.AsyncClient, endpoint: e.Endpoint, w: world.World, *, partner_user: bool = False
) -> httpx.Response:
    body = world.body_for(endpoint, w, partner_user=partner_user)
    return await client.request(endpoint.method, endpoint.url(**w.ids), json=body)


def _ids_in(response: httpx.Response) -> set[str]:
    return {item["id"] for item in t.ok(response)["items"]}


def _empty(response: httpx.Response) -> None:
    assert _ids_in(response) == set(), response.text


def _same_refusal(response: httpx.Response, nowhere: httpx.Response) -> None:
    problem, expected = assert_problem(response, 422), assert_problem(nowhere, 422)
    assert (problem["type"], error_fields(problem)) == (expected["type"], error_fields(expected))


def _names(response: httpx.Response, field: str) -> None:
    assert error_fields(assert_problem(response, 422)) == {field}


async def test_another_tenants_user_gets_a_404_from_every_trading_endpoint_and_changes_nothing(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    before = await world.snapshot(container, admin.tenant_id)
    stranger = await h.new_tenant(container, "Guntur Traders")
    failures = e.Failures()
    async with api_client(container, stranger) as other:
        for endpoint in e.ENDPOINTS:
            response = await _call(other, endpoint, w)
            if endpoint in e.LISTS:
                failures.check(endpoint, _empty, response)
            elif endpoint.params:
                failures.check(endpoint, assert_problem, response, 404)
            else:  # a body naming this tenant's commodity and partner reads as one naming nothing
                nowhere = await other.request(endpoint.method, endpoint.url(), json=endpoint.body)
                failures.check(endpoint, _same_refusal, response, nowhere)
        for url in (
            f"{t.AVAILABILITIES}?partner_id={market.seller.id}",
            f"{t.REQUIREMENTS}?commodity_id={market.commodity_id}",
            f"{d.TRADES}?status=active",
            f"{d.NEGOTIATIONS}?status=open",
        ):
            failures.check(url, _empty, await other.get(url))
    assert failures == []
    assert world.changed(before, await world.snapshot(container, admin.tenant_id)) == []


async def test_a_third_partners_user_gets_a_404_for_the_parties_resources_and_changes_nothing(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    before = await world.snapshot(container, admin.tenant_id)
    third_user = await h.external_user(container, admin, uuid.UUID(market.second_seller.id), "partner_user")
    failures = e.Failures()
    async with api_client(container, third_user) as third:
        for endpoint in e.ENDPOINTS:
            response = await _call(third, endpoint, w, partner_user=True)
            if endpoint in e.LISTS:
                failures.check(endpoint, _empty, response)
            elif endpoint.permission in STAFF_ONLY:
                failures.check(endpoint, assert_problem, response, 403, "forbidden")
            elif endpoint.params:
                failures.check(endpoint, assert_problem, response, 404)
        # a partner user posts for its own partner only: naming one of the parties is refused by field
        for url, body, field in (
            (t.AVAILABILITIES, t.availability(market), "seller_partner_id"),
            (t.REQUIREMENTS, t.requirement(market), "buyer_partner_id"),
        ):
            failures.check(url, _names, await third.post(url, json=body), field)
        # and its lists stay its own, whichever partner it asks for
        for url in (
            f"{t.AVAILABILITIES}?partner_id={market.seller.id}",
            f"{t.REQUIREMENTS}?partner_id={market.buyer.id}",
        ):
            failures.check(url, _empty, await third.get(url))
    assert failures == []
    assert world.changed(before, await world.snapshot(container, admin.tenant_id)) == []


async def test_each_partys_user_sees_its_own_side_and_the_shared_deal_not_the_other_side(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    buyer_user = await h.external_user(container, admin, uuid.UUID(market.buyer.id), "partner_user")
    seller_user = await h.external_user(container, admin, uuid.UUID(market.seller.id), "partner_user")
    trade = f"{d.TRADES}/{w.trade['id']}"
    shared = [f"{d.NEGOTIATIONS}/{w.negotiation['id']}", trade, f"{trade}/versions"]
    shared += [f"{trade}/{document}" for document in ("contract", "contract.pdf", "contract.html")]
    availability = f"{t.AVAILABILITIES}/{w.availability['id']}"
    requirement = f"{t.REQUIREMENTS}/{w.requirement['id']}"
    async with api_client(container, buyer_user) as buyer, api_client(container, seller_user) as seller:
        for url in shared:
            assert (await buyer.get(url)).status_code == 200, url
            assert (await seller.get(url)).status_code == 200, url
        assert t.ok(await buyer.get(requirement))["id"] == w.requirement["id"]
        assert t.ok(await buyer.get(f"{requirement}/matches"))["requirement_id"] == w.requirement["id"]
        assert t.ok(await seller.get(availability))["id"] == w.availability["id"]
        for other_side in (availability, f"{t.AVAILABILITIES}/{w.draft_availability['id']}"):
            assert_problem(await buyer.get(other_side), 404, "posting-not-found")
        for other_side in (requirement, f"{requirement}/matches", f"{t.REQUIREMENTS}/{w.draft_requirement['id']}"):
            assert_problem(await seller.get(other_side), 404, "posting-not-found")

        assert _ids_in(await buyer.get(t.AVAILABILITIES)) == set()
        assert _ids_in(await seller.get(t.REQUIREMENTS)) == set()
        assert w.requirement["id"] in _ids_in(await buyer.get(t.REQUIREMENTS))
        assert _ids_in(await seller.get(t.AVAILABILITIES)) == {w.availability["id"], w.draft_availability["id"]}
        for party in (buyer, seller):
            assert _ids_in(await party.get(d.TRADES)) == {w.trade["id"]}
            assert w.negotiation["id"] in _ids_in(await party.get(d.NEGOTIATIONS))


async def test_each_partys_user_acts_for_its_own_partner_where_its_role_permits(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    buyer_user = await h.external_user(container, admin, uuid.UUID(market.buyer.id), "partner_user")
    seller_user = await h.external_user(container, admin, uuid.UUID(market.seller.id), "partner_user")
    trade = f"{d.TRADES}/{w.trade['id']}"
    async with api_client(container, buyer_user) as buyer, api_client(container, seller_user) as seller:
        draft = f"{t.AVAILABILITIES}/{w.draft_availability['id']}"
        assert t.ok(await seller.post(f"{draft}/publish"))["status"] == "active"
        assert t.ok(await seller.post(f"{draft}/cancel", json={"reason": "sold elsewhere"}))["status"] == "cancelled"
        wanted = f"{t.REQUIREMENTS}/{w.draft_requirement['id']}"
        assert t.ok(await buyer.post(f"{wanted}/publish"))["status"] == "active"
        assert_problem(await buyer.post(f"{wanted}/match"), 403, "forbidden")  # matching is the staff's
        assert t.ok(await buyer.post(f"{wanted}/cancel", json={}))["status"] == "cancelled"

        offer = f"{d.NEGOTIATIONS}/{w.negotiation['id']}/offers/{w.offer_id}"
        assert_problem(await seller.post(f"{offer}/reject", json={}), 409)  # its own offer
        assert t.ok(await buyer.post(f"{offer}/reject", json={"reason": "too dear"}))["status"] == "rejected"
        started = t.ok(await seller.post(f"/api/v1/matches/{w.token}/negotiations", json={}), 201)
        assert (started["started_by"], started["seller"]["partner_id"]) == ("seller", market.seller.id)
        withdrawn = t.ok(await seller.post(f"{d.NEGOTIATIONS}/{started['id']}/withdraw", json={"reason": "no stock"}))
        assert withdrawn["status"] == "withdrawn"

        amendment = f"{trade}/amendments/{w.amendment['id']}"
        assert_problem(await buyer.post(f"{amendment}/reject", json={"reason": "mine"}), 403)  # its own request
        rejected = t.ok(await seller.post(f"{amendment}/reject", json={"reason": "the gin disagrees"}))
        assert (rejected["status"], rejected["decision_reason"]) == ("rejected", "the gin disagrees")
        sign = {"tier": "basic", "document_sha256": w.contract["sha256"], "signer_name": "R. Patel", "confirm": True}
        signed = t.ok(await buyer.post(f"{trade}/contract/signatures", json=sign), 201)
        assert [(s["side"], s["partner_id"]) for s in signed["signatures"]] == [("buyer", market.buyer.id)]
        assert_problem(await seller.post(f"{trade}/status", json={"status": "in_transit"}), 403, "forbidden")
    assert t.ok(await client.get(trade))["status"] == "active"
