"""A client that retries after a lost response: with the same Idempotency-Key it gets the first answer
and nothing is written twice; without one, the business rules refuse the repeat."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.api.risk.conftest import Desk
from tests.api.trading import helpers as t


async def _twice(client: httpx.AsyncClient, url: str, body: dict[str, Any] | None = None) -> list[httpx.Response]:
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    return [await client.post(url, json=body, headers=key) for _ in range(2)]


async def test_a_retried_credit_limit_change_request_is_one_pending_change(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    url = f"/api/v1/risk/partners/{desk.buyer}/credit-limit/changes"
    first, second = await _twice(client, url, {"new_amount": "2500000", "reason": "new season"})
    assert (first.status_code, second.json()) == (201, first.json())
    history = t.ok(await client.get(f"/api/v1/risk/partners/{desk.buyer}/credit-limit"))["history"]
    assert [change["status"] for change in history].count("pending") == 1
