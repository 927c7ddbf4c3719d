"""Commodity scopes of role assignments must name commodities the tenant can see."""

from __future__ import annotations

import uuid

import httpx

from tests.api.helpers import assert_problem, cotton, error_fields


async def _trader_role_and_user(client: httpx.AsyncClient) -> tuple[str, str]:
    roles = (await client.get("/api/v1/roles")).json()
    trader = next(role["id"] for role in roles if role["name"] == "trader")
    user = await client.post(
        "/api/v1/users", json={"full_name": "Scoped trader", "email": f"t-{uuid.uuid4().hex[:8]}@mandi.example"}
    )
    return trader, user.json()["id"]


async def test_an_unknown_commodity_in_the_scope_is_a_422(client: httpx.AsyncClient) -> None:
    role, user = await _trader_role_and_user(client)
    missing = str(uuid.uuid4())
    response = await client.post(
        "/api/v1/role-assignments", json={"user_id": user, "role_id": role, "commodity_ids": [missing]}
    )
    body = assert_problem(response, 422, "invalid-input")
    assert error_fields(body) == {"commodity_ids"}
    assert missing in body["detail"]


async def test_a_visible_commodity_in_the_scope_is_accepted(client: httpx.AsyncClient) -> None:
    role, user = await _trader_role_and_user(client)
    commodity = (await client.post("/api/v1/commodities", json=cotton())).json()["id"]
    response = await client.post(
        "/api/v1/role-assignments", json={"user_id": user, "role_id": role, "commodity_ids": [commodity]}
    )
    assert response.status_code == 201, response.text
    assert response.json()["commodity_ids"] == [commodity]
