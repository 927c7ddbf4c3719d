"""From a match to a trade through the API: negotiation, offers and acceptance, by the tenant's staff
acting for either party (``acting_for_partner_id``) unless a partner user's client is given."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from tests.api.trading import helpers as t

NEGOTIATIONS = "/api/v1/negotiations"
TRADES = "/api/v1/trades"


def year() -> int:
    return datetime.now(UTC).year


async def match_token(
    client: httpx.AsyncClient, m: t.Market, *, buyer: t.Party | None = None, **requirement: Any
) -> str:
    """A published requirement of ``buyer`` (default the market's) matched now; its best match's token."""
    buyer = buyer or m.buyer
    body = t.requirement(
        m,
        buyer_partner_id=buyer.id,
        delivery_points=[{"location_id": buyer.location_id, "max_distance_km": "1000"}],
        **requirement,
    )
    published = await t.published(client, t.REQUIREMENTS, body)
    matched = t.ok(await client.post(f"{t.REQUIREMENTS}/{published['id']}/match"))
    assert matched["items"], matched
    token: str = matched["items"][0]["token"]
    return token


async def start(client: httpx.AsyncClient, token: str, acting_for: str | None) -> dict[str, Any]:
    body = {"acting_for_partner_id": acting_for} if acting_for else {}
    return t.ok(await client.post(f"/api/v1/matches/{token}/negotiations", json=body), 201)


def offer_body(acting_for: str | None, price: str = "60000", bales: str = "20", **more: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"price": price, "quantity": bales, "quantity_unit": "BALE", **more}
    if acting_for:
        body["acting_for_partner_id"] = acting_for
    return body


async def offer(client: httpx.AsyncClient, negotiation_id: str, acting_for: str | None, **body: Any) -> dict[str, Any]:
    url = f"{NEGOTIATIONS}/{negotiation_id}/offers"
    return t.ok(await client.post(url, json=offer_body(acting_for, **body)), 201)


def accept_url(negotiation: dict[str, Any]) -> str:
    return f"{NEGOTIATIONS}/{negotiation['id']}/offers/{negotiation['offers'][-1]['id']}/accept"


async def accept(
    client: httpx.AsyncClient, negotiation: dict[str, Any], acting_for: str | None, **places: str
) -> httpx.Response:
    body: dict[str, Any] = dict(places)
    if acting_for:
        body["acting_for_partner_id"] = acting_for
    return await client.post(accept_url(negotiation), json=body)


async def offered(client: httpx.AsyncClient, m: t.Market, **offer_overrides: Any) -> dict[str, Any]:
    """A negotiation the buyer started on a fresh match, with the seller's offer pending."""
    negotiation = await start(client, await match_token(client, m), m.buyer.id)
    return await offer(client, negotiation["id"], m.seller.id, **offer_overrides)


async def booked(client: httpx.AsyncClient, m: t.Market, **offer_overrides: Any) -> dict[str, Any]:
    """A trade: the seller offers, the buyer accepts."""
    negotiation = await offered(client, m, **offer_overrides)
    return t.ok(await accept(client, negotiation, m.buyer.id), 201)
