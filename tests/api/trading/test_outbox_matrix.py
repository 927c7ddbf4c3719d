"""The outbox after every state-changing trading endpoint, read per aggregate (the outbox is shared):
each publication, match, negotiation start, offer, booking, approved amendment and cancellation writes
its event in the same transaction; the changes that stay inside the context (drafts, posting
cancellations, ended negotiations, amendment requests and rejections, contracts, other status moves)
write none."""

from __future__ import annotations

from typing import Any

import httpx

from backend.app.bootstrap import Container
from tests.actors import Actor
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t
from tests.api.trading import world


async def test_each_state_change_writes_its_event_and_nothing_else(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    m = market

    async def names(aggregate_id: str) -> list[str]:
        return [name for name, _ in await world.events(container, aggregate_id)]

    async def last(aggregate_id: str) -> dict[str, Any]:
        return (await world.events(container, aggregate_id))[-1][1]

    # postings: drafts publish nothing; publishing does; cancelling does not
    availability = f"{t.AVAILABILITIES}/{w.draft_availability['id']}"
    assert await names(w.draft_availability["id"]) == []
    t.ok(await client.post(f"{availability}/publish"))
    assert await names(w.draft_availability["id"]) == ["trading.availability_published.v1"]
    published = await last(w.draft_availability["id"])
    assert (published["seller_partner_id"], published["price"], published["tenant_id"]) == (
        m.seller.id,
        "61000",
        str(admin.tenant_id),
    )
    t.ok(await client.post(f"{availability}/cancel", json={"reason": "priced wrong"}))
    assert await names(w.draft_availability["id"]) == ["trading.availability_published.v1"]

    requirement = f"{t.REQUIREMENTS}/{w.draft_requirement['id']}"
    assert await names(w.draft_requirement["id"]) == []
    t.ok(await client.post(f"{requirement}/publish"))
    matched = t.ok(await client.post(f"{requirement}/match"))["items"]
    assert await names(w.draft_requirement["id"]) == ["trading.requirement_published.v1"] + [
        "trading.match_found.v1"
    ] * len(matched)
    assert (await last(w.draft_requirement["id"]))["availability_id"] == w.availability["id"]
    t.ok(await client.post(f"{requirement}/cancel", json={}))
    assert len(await names(w.draft_requirement["id"])) == 1 + len(matched)

    # negotiations: a start and each offer publish; a rejection and a withdrawal do not
    negotiation = f"{d.NEGOTIATIONS}/{w.negotiation['id']}"
    assert await names(w.negotiation["id"]) == ["trading.negotiation_started.v1", "trading.offer_made.v1"]
    countered = await d.offer(client, w.negotiation["id"], m.buyer.id, price="59500")
    assert (await last(w.negotiation["id"]))["offer_id"] == countered["offers"][-1]["id"]
    reject = {"reason": "too cheap", "acting_for_partner_id": m.seller.id}
    t.ok(await client.post(f"{negotiation}/offers/{countered['offers'][-1]['id']}/reject", json=reject))
    assert await names(w.negotiation["id"]) == ["trading.negotiation_started.v1"] + ["trading.offer_made.v1"] * 2

    started = await d.start(client, w.token, m.seller.id)
    t.ok(await client.post(f"{d.NEGOTIATIONS}/{started['id']}/withdraw", json={"acting_for_partner_id": m.seller.id}))
    assert await names(started["id"]) == ["trading.negotiation_started.v1"]
    assert (await last(started["id"]))["started_by_partner_id"] == m.seller.id

    # trades: an approved amendment and the cancellation publish; the rest stays inside trading
    trade = f"{d.TRADES}/{w.trade['id']}"
    seller, buyer = {"acting_for_partner_id": m.seller.id}, {"acting_for_partner_id": m.buyer.id}
    t.ok(await client.post(f"{trade}/amendments/{w.amendment['id']}/approve", json=seller))
    assert await names(w.trade["id"]) == ["trading.trade_confirmed.v1", "trading.trade_amended.v1"]
    later = {"reason": "a later date", "delivery_date": "2030-01-31", **seller}
    asked = t.ok(await client.post(f"{trade}/amendments", json=later), 201)
    t.ok(await client.post(f"{trade}/amendments/{asked['id']}/reject", json={"reason": "no", **buyer}))
    contract = t.ok(await client.get(f"{trade}/contract"))
    sign = {"tier": "basic", "document_sha256": contract["sha256"], "signer_name": "R. Patel", "confirm": True}
    t.ok(await client.post(f"{trade}/contract/signatures", json={**sign, **buyer}), 201)
    for move in ({"status": "in_transit"}, {"status": "disputed", "reason": "two bales short"}):
        t.ok(await client.post(f"{trade}/status", json=move))
    assert await names(w.trade["id"]) == ["trading.trade_confirmed.v1", "trading.trade_amended.v1"]
    assert await names(contract["id"]) == []

    t.ok(await client.post(f"{trade}/status", json={"status": "cancelled", "reason": "the bales never came"}))
    assert await names(w.trade["id"]) == [
        "trading.trade_confirmed.v1",
        "trading.trade_amended.v1",
        "trading.trade_cancelled.v1",
    ]
    cancelled = await last(w.trade["id"])
    assert (cancelled["trade_number"], cancelled["reason"]) == (w.trade["number"], "the bales never came")
