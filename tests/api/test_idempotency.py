"""Idempotency-Key on POST: replay, mismatch, bad keys, and no double writes."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.app.bootstrap import Container
from backend.modules.commodities.infrastructure.tables import CommodityRow, outbox
from tests.actors import api_client, tenant_admin
from tests.api.helpers import assert_problem, cotton

URL = "/api/v1/commodities"


async def test_same_key_and_body_replays_the_first_response(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    body = cotton()
    first = await client.post(URL, json=body, headers={"Idempotency-Key": "order-42"})
    second = await client.post(URL, json=body, headers={"Idempotency-Key": "order-42"})
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert second.headers["location"] == first.headers["location"]
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    rows = await connection.scalar(
        select(func.count()).select_from(CommodityRow).where(CommodityRow.code == body["code"])
    )
    events = await connection.scalar(
        select(func.count()).select_from(outbox).where(outbox.c.aggregate_id == first.json()["id"])
    )
    assert (rows, events) == (1, 1)


async def test_same_key_with_another_body_is_a_422(client: httpx.AsyncClient) -> None:
    await client.post(URL, json=cotton(), headers={"Idempotency-Key": "order-43"})
    response = await client.post(URL, json=cotton(), headers={"Idempotency-Key": "order-43"})
    body = assert_problem(response, 422, "idempotency-key-reused")
    assert "different request body" in body["detail"]


async def test_the_key_is_scoped_to_the_path(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json=cotton(), headers={"Idempotency-Key": "shared"})).json()
    convert = await client.post(
        f"{URL}/{created['id']}/convert",
        json={"quantity": "1", "from_unit": "BALE", "to_unit": "KG"},
        headers={"Idempotency-Key": "shared"},
    )
    assert convert.status_code == 200
    assert "idempotent-replayed" not in convert.headers


async def test_client_errors_are_replayed_too(client: httpx.AsyncClient) -> None:
    body = cotton(gst_rate="500")
    first = await client.post(URL, json=body, headers={"Idempotency-Key": "bad-1"})
    second = await client.post(URL, json=body, headers={"Idempotency-Key": "bad-1"})
    assert first.status_code == second.status_code == 422
    assert second.json() == first.json()
    assert second.headers["content-type"].startswith("application/problem+json")


async def test_a_malformed_key_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post(URL, json=cotton(), headers={"Idempotency-Key": "x" * 256})
    assert_problem(response, 422, "invalid-idempotency-key")


async def test_get_ignores_the_key(client: httpx.AsyncClient) -> None:
    response = await client.get(URL, headers={"Idempotency-Key": "read-1"})
    assert response.status_code == 200
    assert "idempotent-replayed" not in response.headers


async def test_another_callers_identical_key_does_not_replay(client: httpx.AsyncClient, container: Container) -> None:
    body = cotton("SHARED-KEY")
    first = await client.post(URL, json=body, headers={"Idempotency-Key": "same-key"})
    other = await tenant_admin(container, "Another Trading House")
    async with api_client(container, other) as theirs:
        second = await theirs.post(URL, json=body, headers={"Idempotency-Key": "same-key"})
    assert first.status_code == second.status_code == 201
    assert "idempotent-replayed" not in second.headers
    assert second.json()["id"] != first.json()["id"]  # its own private commodity


async def test_a_key_without_valid_credentials_is_not_stored(anonymous: httpx.AsyncClient) -> None:
    for _ in range(2):
        response = await anonymous.post(URL, json=cotton(), headers={"Idempotency-Key": "anon-1"})
        assert_problem(response, 401, "unauthenticated")
        assert "idempotent-replayed" not in response.headers
