"""A client that retries after a lost response: with the same Idempotency-Key it gets the first answer
and nothing is written twice; without one, the business rules refuse the repeat."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from backend.app.bootstrap import Container
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t


async def _twice(client: httpx.AsyncClient, url: str, body: dict[str, Any] | None = None) -> list[httpx.Response]:
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    return [await client.post(url, json=body, headers=key) for _ in range(2)]


async def test_a_retried_acceptance_books_one_trade(
    client: httpx.AsyncClient, market: t.Market, container: Container
) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    negotiation = await d.offered(client, market)
    first, second = await _twice(client, d.accept_url(negotiation), {"acting_for_partner_id": market.buyer.id})
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["number"] == first.json()["number"]
    trades = t.ok(await client.get("/api/v1/trades"))["items"]
    assert [trade["number"] for trade in trades] == [first.json()["number"]]
    repeat = await d.accept(client, negotiation, market.buyer.id)  # no key: the offer is already accepted
    assert repeat.status_code == 409, repeat.text
