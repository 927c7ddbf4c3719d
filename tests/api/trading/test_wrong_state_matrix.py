"""Wrong state on the trading endpoints: a 409 problem+json naming the state the resource is in (and
the one asked for, where there is one), with nothing written; ids that exist only in part (an offer
of another negotiation, an amendment never asked for, a contract never issued) are a 404."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from backend.app.bootstrap import Container
from tests.actors import Actor
from tests.api.helpers import assert_problem
from tests.api.trading import deal_helpers as d
from tests.api.trading import endpoints as e
from tests.api.trading import helpers as t
from tests.api.trading import world


def _transition(response: httpx.Response, code: str, current: str, target: str) -> None:
    problem = assert_problem(response, 409, code)
    assert (problem["current_status"], problem["target_status"]) == (current, target), problem
    assert current in problem["detail"]
    assert target in problem["detail"]


def _closed(response: httpx.Response, code: str, state: str) -> None:
    assert state in assert_problem(response, 409, code)["detail"]


async def test_postings_in_the_wrong_state_are_a_409_naming_both_states_and_nothing_changes(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    availability = f"{t.AVAILABILITIES}/{w.draft_availability['id']}"
    requirement = f"{t.REQUIREMENTS}/{w.draft_requirement['id']}"
    t.ok(await client.post(f"{availability}/cancel", json={"reason": "priced wrong"}))
    t.ok(await client.post(f"{requirement}/cancel", json={}))
    before = await world.snapshot(container, admin.tenant_id)
    live = f"{t.AVAILABILITIES}/{w.availability['id']}"
    fulfilling = f"{t.REQUIREMENTS}/{w.requirement['id']}"
    failures = e.Failures()
    for url, code, current, target in (
        (f"{live}/publish", "illegal-availability-transition", "active", "active"),
        (f"{availability}/publish", "illegal-availability-transition", "cancelled", "active"),
        (f"{availability}/cancel", "illegal-availability-transition", "cancelled", "cancelled"),
        (f"{fulfilling}/publish", "illegal-requirement-transition", "partially_fulfilled", "active"),
        (f"{requirement}/publish", "illegal-requirement-transition", "cancelled", "active"),
        (f"{requirement}/cancel", "illegal-requirement-transition", "cancelled", "cancelled"),
    ):
        failures.check(url, _transition, await client.post(url), code, current, target)
    failures.check("match", _closed, await client.post(f"{requirement}/match"), "requirement-not-open", "cancelled")
    assert not failures, "\n".join(failures)
    assert world.changed(before, await world.snapshot(container, admin.tenant_id)) == []


async def test_a_closed_negotiation_a_decided_amendment_and_a_cancelled_trade_are_a_409_naming_their_state(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    m = market
    buyer, seller = {"acting_for_partner_id": m.buyer.id}, {"acting_for_partner_id": m.seller.id}
    negotiation = f"{d.NEGOTIATIONS}/{w.negotiation['id']}"
    offer = f"{negotiation}/offers/{w.offer_id}"
    t.ok(await client.post(f"{offer}/reject", json={"reason": "too dear", **buyer}))
    trade = f"{d.TRADES}/{w.trade['id']}"
    decided = f"{trade}/amendments/{w.amendment['id']}"
    t.ok(await client.post(f"{decided}/reject", json={"reason": "the gin disagrees", **seller}))
    later = {"reason": "later", "delivery_date": "2030-01-31", **seller}
    pending = t.ok(await client.post(f"{trade}/amendments", json=later), 201)
    t.ok(await client.post(f"{trade}/status", json={"status": "cancelled", "reason": "the mill closed"}))
    before = await world.snapshot(container, admin.tenant_id)
    failures = e.Failures()
    for url, body in (
        (f"{negotiation}/offers", d.offer_body(m.buyer.id, price="59000")),
        (f"{offer}/accept", buyer),
        (f"{offer}/reject", buyer),
        (f"{negotiation}/withdraw", seller),
    ):
        failures.check(url, _closed, await client.post(url, json=body), "negotiation-closed", "rejected")
    # the amendment still pending when the trade was cancelled ended with it: decided, like the other
    lapsed = f"{trade}/amendments/{pending['id']}"
    for url, body in (
        (f"{decided}/approve", buyer),
        (f"{decided}/reject", {"reason": "again", **buyer}),
        (f"{lapsed}/approve", buyer),
    ):
        failures.check(url, _closed, await client.post(url, json=body), "amendment-already-decided", "rejected")
    for url, body, target in (
        (f"{trade}/status", {"status": "in_transit"}, "in_transit"),
        (f"{trade}/status", {"status": "cancelled", "reason": "again"}, "cancelled"),
        (f"{trade}/amendments", {**later, "delivery_date": "2030-02-28"}, "amended"),
    ):
        response = await client.post(url, json=body)
        failures.check(f"{url} {body}", _transition, response, "illegal-trade-transition", "cancelled", target)
    assert not failures, "\n".join(failures)
    assert world.changed(before, await world.snapshot(container, admin.tenant_id)) == []


async def test_ids_that_exist_only_in_part_are_a_404_and_nothing_changes(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    m = market
    # a trade without a contract yet: the pending offer accepted
    negotiation = f"{d.NEGOTIATIONS}/{w.negotiation['id']}"
    bare = t.ok(await d.accept(client, w.negotiation, m.buyer.id), 201)
    before = await world.snapshot(container, admin.tenant_id)
    trade, unknown = f"{d.TRADES}/{w.trade['id']}", uuid.uuid4()
    other_offer = (await _offers_of(client, w.trade["negotiation_id"]))[-1]
    sign: dict[str, Any] = {**(world.body_for(e.find("POST", "/signatures"), w) or {})}
    buyer, seller = {"acting_for_partner_id": m.buyer.id}, {"acting_for_partner_id": m.seller.id}
    failures = e.Failures()
    for method, url, body, code in (
        ("POST", f"{negotiation}/offers/{unknown}/accept", buyer, "deal-not-found"),
        ("POST", f"{negotiation}/offers/{other_offer}/reject", buyer, "deal-not-found"),
        ("POST", f"{trade}/amendments/{unknown}/approve", seller, "amendment-not-found"),
        ("POST", f"{trade}/amendments/{unknown}/reject", {"reason": "x", **seller}, "amendment-not-found"),
        ("GET", f"{d.TRADES}/{bare['id']}/contract", None, "deal-not-found"),
        ("GET", f"{d.TRADES}/{bare['id']}/contract.pdf", None, "deal-not-found"),
        ("GET", f"{d.TRADES}/{bare['id']}/contract.html", None, "deal-not-found"),
        ("POST", f"{d.TRADES}/{bare['id']}/contract/signatures", sign, "deal-not-found"),
    ):
        response = await client.request(method, url, json=body)
        failures.check(url, assert_problem, response, 404, code)
    assert not failures, "\n".join(failures)
    assert world.changed(before, await world.snapshot(container, admin.tenant_id)) == []


async def _offers_of(client: httpx.AsyncClient, negotiation_id: str) -> list[str]:
    return [o["id"] for o in t.ok(await client.get(f"{d.NEGOTIATIONS}/{negotiation_id}"))["offers"]]


async def test_status_filters_list_what_is_in_that_status(client: httpx.AsyncClient, market: t.Market) -> None:
    w = await world.build(client, market)

    async def listed(url: str, state: str) -> set[str]:
        return {item["id"] for item in t.ok(await client.get(url, params={"status": state}))["items"]}

    assert await listed(t.AVAILABILITIES, "draft") == {w.draft_availability["id"]}
    assert await listed(t.AVAILABILITIES, "active") == {w.availability["id"]}
    assert await listed(t.REQUIREMENTS, "partially_fulfilled") == {w.requirement["id"]}
    assert w.negotiation["id"] in await listed(d.NEGOTIATIONS, "open")
    assert await listed(d.NEGOTIATIONS, "accepted") == {w.trade["negotiation_id"]}
    assert await listed(d.TRADES, "active") == {w.trade["id"]}
    assert await listed(d.TRADES, "cancelled") == set()


async def test_a_409_names_the_state_in_a_field_not_only_in_its_detail(
    client: httpx.AsyncClient, market: t.Market
) -> None:
    draft = t.ok(await client.post(t.REQUIREMENTS, json=t.requirement(market)), 201)
    problem = assert_problem(await client.post(f"{t.REQUIREMENTS}/{draft['id']}/match"), 409, "requirement-not-open")
    assert problem.get("requirement_status", problem.get("current_status")) == "draft", problem


async def test_a_cancelled_trades_contract_cannot_be_signed(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    trade = f"{d.TRADES}/{(await d.booked(client, market))['id']}"
    contract = t.ok(await client.post(f"{trade}/contract"), 201)
    t.ok(await client.post(f"{trade}/status", json={"status": "cancelled", "reason": "the mill closed"}))
    before = await world.snapshot(container, admin.tenant_id)
    sign = {"tier": "basic", "document_sha256": contract["sha256"], "signer_name": "R. Patel", "confirm": True}
    response = await client.post(
        f"{trade}/contract/signatures", json={**sign, "acting_for_partner_id": market.buyer.id}
    )
    assert "cancelled" in assert_problem(response, 409)["detail"]
    assert world.changed(before, await world.snapshot(container, admin.tenant_id)) == []
