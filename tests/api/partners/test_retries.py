"""A client that retries after a lost response: with the same Idempotency-Key it gets the first answer
and nothing is written twice; without one, the business rules refuse the repeat."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from backend.app.bootstrap import Container
from tests.api.helpers import assert_problem
from tests.api.partners import helpers as p


async def _twice(client: httpx.AsyncClient, url: str, body: dict[str, Any] | None = None) -> list[httpx.Response]:
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    return [await client.post(url, json=body, headers=key) for _ in range(2)]


async def test_creating_a_partner_twice_with_one_key_creates_it_once(
    client: httpx.AsyncClient, container: Container
) -> None:
    first, second = await _twice(client, p.URL, p.partner())
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert await p.wire_names(container, first.json()["id"]) == ["partners.partner_onboarding_started.v1"]


async def test_a_retried_submission_replays_and_an_unkeyed_repeat_is_refused(
    client: httpx.AsyncClient, container: Container
) -> None:
    draft = await p.ready(client)
    first, second = await _twice(client, f"{p.URL}/{draft['id']}/submit")
    assert (first.status_code, second.json()) == (200, first.json())
    assert (await p.wire_names(container, draft["id"])).count("partners.partner_submitted.v1") == 1
    assert_problem(await client.post(f"{p.URL}/{draft['id']}/submit"), 409, "illegal-partner-transition")
