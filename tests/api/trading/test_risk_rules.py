"""The risk rules trading applies through the risk facade, on real PostgreSQL.

Circular trading: a partner committed to one side of a commodity (an unsettled trade, which risk
learns from ``trading.trade_confirmed.v1``, or a live posting) cannot post the other side, both ways;
another commodity is free. Party links: a mobile number in common warns (risk component 0.5, the
total 10% off) and the trade needs an internal approver: a partner user's acceptance is a 409 that
records nothing, an approver's is booked with the approval in its status history.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.modules.trading.infrastructure.deal_tables import trade_status_history
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, cotton
from tests.api.identity import rbac_helpers as h
from tests.api.partners import helpers as p
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t
from tests.api.trading.risk_helpers import cancel, two_sided_market
from tests.conftest import platform_session


def _circular(response: httpx.Response, commodity_id: str, side: str) -> list[str]:
    problem = assert_problem(response, 422, "circular-trading")
    assert (problem["commodity_id"], problem["side"]) == (commodity_id, side)
    conflicting: list[str] = problem["conflicting"]
    return conflicting


async def test_an_unsettled_trade_blocks_the_other_side_for_both_parties_but_not_another_commodity(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container
) -> None:
    m = await two_sided_market(client, back_office, container)
    availability, requirement, match = await _matched(client, m)
    negotiation = await d.start(client, match["token"], m.buyer.id)
    trade = t.ok(await d.accept(client, await d.offer(client, negotiation["id"], m.seller.id), m.buyer.id), 201)
    # the availability sold out and the requirement is cancelled: the unsettled trade alone commits them
    assert t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))["status"] == "sold"
    await cancel(client, t.REQUIREMENTS, requirement["id"])
    await container.relay.drain()  # risk learns the trade from trading.trade_confirmed.v1

    seller_buys = t.requirement(m, buyer_partner_id=m.seller.id)
    seller_buys["delivery_points"] = [{"location_id": m.seller.location_id, "max_distance_km": "400"}]
    refused = await client.post(t.REQUIREMENTS, json=seller_buys)
    assert _circular(refused, m.commodity_id, "buy") == [trade["number"]]
    assert trade["number"] in refused.json()["detail"]
    buyer_sells = t.availability(m, seller=m.buyer)
    assert _circular(await client.post(t.AVAILABILITIES, json=buyer_sells), m.commodity_id, "sell") == [trade["number"]]

    # the same sides of the same commodity, and either side of another commodity, stay open
    t.ok(await client.post(t.AVAILABILITIES, json=t.availability(m, price="61000")), 201)
    kapas = t.ok(await client.post("/api/v1/commodities", json=cotton(name="Kapas")), 201)
    other = t.Market(kapas["id"], m.seller, m.buyer, m.seller)
    other_buy = t.requirement(other, buyer_partner_id=m.seller.id)
    other_buy["delivery_points"] = seller_buys["delivery_points"]
    t.ok(await client.post(t.REQUIREMENTS, json=other_buy), 201)
    t.ok(await client.post(t.AVAILABILITIES, json=t.availability(other, seller=m.buyer)), 201)


async def test_a_live_posting_blocks_the_other_side_at_create_and_at_publish(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container
) -> None:
    m = await two_sided_market(client, back_office, container)
    buy = t.requirement(m, buyer_partner_id=m.seller.id)
    buy["delivery_points"] = [{"location_id": m.seller.location_id, "max_distance_km": "400"}]
    draft_buy = t.ok(await client.post(t.REQUIREMENTS, json=buy), 201)  # a draft commits nobody
    selling = await t.published(client, t.AVAILABILITIES, t.availability(m))

    # the seller's active availability: its draft buy cannot go live, nor a new one be made
    refused = await client.post(f"{t.REQUIREMENTS}/{draft_buy['id']}/publish")
    assert _circular(refused, m.commodity_id, "buy") == [f"availability {selling['id']}"]
    conflicting = _circular(await client.post(t.REQUIREMENTS, json=buy), m.commodity_id, "buy")
    assert conflicting == [f"availability {selling['id']}"]

    # and the other way round: the buyer's active requirement blocks its selling
    buying = await t.published(client, t.REQUIREMENTS, t.requirement(m))
    sell = t.availability(m, seller=m.buyer)
    conflicting = _circular(await client.post(t.AVAILABILITIES, json=sell), m.commodity_id, "sell")
    assert conflicting == [f"requirement {buying['id']}"]

    # once the availability is cancelled, the seller's buy goes live
    await cancel(client, t.AVAILABILITIES, selling["id"])
    assert t.ok(await client.post(f"{t.REQUIREMENTS}/{draft_buy['id']}/publish"))["status"] == "active"


Posting = dict[str, Any]


async def _matched(client: httpx.AsyncClient, m: t.Market) -> tuple[Posting, Posting, Posting]:
    """The seller's published availability, the buyer's published requirement and their one match.

    20 bales: the buyer's credit stays in the green band, so a warning can only be a party link."""
    availability = await t.published(client, t.AVAILABILITIES, t.availability(m, quantity="20"))
    body = t.requirement(m, delivery_points=[{"location_id": m.buyer.location_id, "max_distance_km": "1000"}])
    requirement = await t.published(client, t.REQUIREMENTS, body)
    t.ok(await client.post(f"{t.REQUIREMENTS}/{requirement['id']}/match"))
    matches = t.ok(await client.get(f"{t.REQUIREMENTS}/{requirement['id']}/matches"))["items"]
    assert len(matches) == 1, matches
    return availability, requirement, matches[0]


async def test_a_shared_mobile_warns_and_only_an_internal_approver_books_the_trade(
    client: httpx.AsyncClient,
    back_office: httpx.AsyncClient,
    trader: httpx.AsyncClient,
    container: Container,
    admin: Actor,
) -> None:
    m = await two_sided_market(client, back_office, container, mobile=p.unique_mobile())
    availability, _, match = await _matched(client, m)
    assert Decimal(match["risk_score"]) == Decimal("0.5")
    weighted = (
        Decimal("0.40") * Decimal(match["quality_score"])
        + Decimal("0.30") * Decimal(match["price_score"])
        + Decimal("0.15") * Decimal(match["delivery_score"])
        + Decimal("0.15") * Decimal("0.5")
    )
    assert abs(Decimal(match["score"]) - weighted * Decimal("0.9")) <= Decimal("0.0001")
    assert any("risk: warning, the total loses 10%" in reason for reason in match["reasons"])

    buyer_user = await h.external_user(container, admin, uuid.UUID(m.buyer.id), "partner_user")
    async with api_client(container, buyer_user) as buyer:
        negotiation = await d.start(buyer, match["token"], None)
        offered = await d.offer(client, negotiation["id"], m.seller.id)

        problem = assert_problem(await buyer.post(d.accept_url(offered), json={}), 409, "linked-parties-need-approval")
        assert [r["code"] for r in problem["reasons"]] == ["party_link.same_mobile"]
        assert problem["permission"] == "trading.approve_linked_trade"
        assert "evidence" not in problem["reasons"][0]  # the shared number is not shown to a partner
        approving = {"approve_linked_parties": True}
        assert_problem(await buyer.post(d.accept_url(offered), json=approving), 403, "approval-not-allowed")

    # the tenant's trader may negotiate but not approve; back office approves without negotiating rights
    for_buyer = {"acting_for_partner_id": m.buyer.id}
    assert_problem(await trader.post(d.accept_url(offered), json=for_buyer), 409, "linked-parties-need-approval")
    assert_problem(await trader.post(d.accept_url(offered), json={**for_buyer, **approving}), 403)
    assert_problem(await back_office.post(d.accept_url(offered), json=for_buyer), 403)
    # nothing of the refused acceptances was recorded
    assert t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))["available"] == "3400"
    assert t.ok(await client.get(f"{d.NEGOTIATIONS}/{offered['id']}"))["status"] == "open"
    assert t.ok(await client.get(d.TRADES))["items"] == []

    trade = t.ok(await back_office.post(d.accept_url(offered), json={**for_buyer, **approving}), 201)
    assert trade["status"] == "active"
    assert "party_link.same_mobile" in trade["status_reason"]
    async with platform_session(container) as session:
        rows = (
            await session.execute(
                select(trade_status_history.c.to_status, trade_status_history.c.reason).where(
                    trade_status_history.c.trade_id == uuid.UUID(trade["id"])
                )
            )
        ).all()
    assert [(row.to_status, "party_link.same_mobile" in (row.reason or "")) for row in rows] == [("active", True)]


async def test_unlinked_parties_are_booked_without_approval(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container
) -> None:
    m = await two_sided_market(client, back_office, container)
    _, _, match = await _matched(client, m)
    assert Decimal(match["risk_score"]) == Decimal(1)
    negotiation = await d.start(client, match["token"], m.buyer.id)
    offered = await d.offer(client, negotiation["id"], m.seller.id)
    trade = t.ok(await d.accept(client, offered, m.buyer.id), 201)
    assert trade["status_reason"] is None
