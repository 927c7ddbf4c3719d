"""Sessions behind access tokens: refresh rotation and reuse detection, logout, disabling, grant changes."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.actors import Actor
from tests.api.helpers import assert_problem
from tests.api.identity.auth_helpers import (
    LOGOUT,
    REFRESH,
    USERS,
    active_staff,
    audit_rows,
    bearer,
    claims_of,
    login,
    me,
    tokens,
)


async def refresh(anonymous: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await anonymous.post(REFRESH, json={"refresh_token": refresh_token})


async def refreshed(anonymous: httpx.AsyncClient, refresh_token: str) -> dict[str, Any]:
    response = await refresh(anonymous, refresh_token)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_refresh_rotates_the_refresh_token(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    response = await refresh(anonymous, admin.refresh_token)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    pair = response.json()
    assert set(pair) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert pair["token_type"] == "Bearer"
    assert pair["refresh_token"] != admin.refresh_token
    assert pair["access_token"] != admin.token
    assert claims_of(pair["access_token"])["sid"] == claims_of(admin.token)["sid"]
    assert (await me(anonymous, pair["access_token"])).status_code == 200
    # the new refresh token rotates in its turn
    assert (await refresh(anonymous, pair["refresh_token"])).status_code == 200


async def test_an_unknown_refresh_token_is_a_401(anonymous: httpx.AsyncClient) -> None:
    assert_problem(await refresh(anonymous, "no-such-refresh-token"), 401, "invalid-token")


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(
    anonymous: httpx.AsyncClient, admin: Actor, connection: AsyncConnection
) -> None:
    pair = await refreshed(anonymous, admin.refresh_token)

    reuse = await refresh(anonymous, admin.refresh_token)
    body = assert_problem(reuse, 401, "invalid-token")
    assert "revoked" in body["detail"]
    # the legitimate holder's newer token dies with the family, and so do the session's access tokens
    assert_problem(await refresh(anonymous, pair["refresh_token"]), 401, "invalid-token")
    assert_problem(await me(anonymous, pair["access_token"]), 401, "invalid-token")
    assert_problem(await me(anonymous, admin.token), 401, "invalid-token")

    session_id = claims_of(admin.token)["sid"]
    [row] = await audit_rows(connection, "refresh_token_reused", session_id)
    assert row.request_id == reuse.headers["x-request-id"]
    assert row.subject_type == "session"


async def test_reuse_leaves_the_users_other_sessions_alone(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    other = await tokens(anonymous, admin.username)
    await refreshed(anonymous, admin.refresh_token)
    assert_problem(await refresh(anonymous, admin.refresh_token), 401, "invalid-token")
    assert (await me(anonymous, other["access_token"])).status_code == 200
    assert (await refresh(anonymous, other["refresh_token"])).status_code == 200


async def test_logout_ends_the_session(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    response = await anonymous.post(LOGOUT, headers=bearer(admin.token))
    assert response.status_code == 204
    assert response.content == b""
    assert_problem(await me(anonymous, admin.token), 401, "invalid-token")
    assert_problem(await refresh(anonymous, admin.refresh_token), 401, "invalid-token")


async def test_logout_needs_a_token(anonymous: httpx.AsyncClient) -> None:
    assert_problem(await anonymous.post(LOGOUT), 401, "unauthenticated")


async def test_logout_ends_only_that_session(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    other = await tokens(anonymous, admin.username)
    assert (await anonymous.post(LOGOUT, headers=bearer(other["access_token"]))).status_code == 204
    assert (await me(anonymous, admin.token)).status_code == 200


async def test_disabling_a_user_revokes_its_sessions(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    pair = await tokens(anonymous, staff.email)
    assert (await me(anonymous, pair["access_token"])).status_code == 200

    disabled = await client.post(f"{USERS}/{staff.id}/disable")
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["status"] == "disabled"
    assert_problem(await me(anonymous, pair["access_token"]), 401, "invalid-token")
    assert_problem(await refresh(anonymous, pair["refresh_token"]), 401, "invalid-token")
    # the right password proves who it is, so telling the account is disabled gives nothing away
    assert_problem(await login(anonymous, staff.email), 401, "account-unavailable")


async def test_an_admin_cannot_disable_itself(client: httpx.AsyncClient, admin: Actor) -> None:
    assert_problem(await client.post(f"{USERS}/{admin.user_id}/disable"), 409, "invalid-state")


async def role_id(client: httpx.AsyncClient, name: str) -> str:
    roles = (await client.get("/api/v1/roles")).json()
    [role] = [r for r in roles if r["name"] == name]
    return str(role["id"])


async def test_a_role_change_makes_existing_tokens_stale_until_refreshed(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    pair = await tokens(anonymous, staff.email)
    before = (await me(anonymous, pair["access_token"])).json()
    assert "trader" not in before["roles"]
    assert "commodities.read" not in before["permissions"]

    assigned = await client.post(
        "/api/v1/role-assignments", json={"user_id": staff.id, "role_id": await role_id(client, "trader")}
    )
    assert assigned.status_code == 201, assigned.text
    stale = assert_problem(await me(anonymous, pair["access_token"]), 401, "invalid-token")
    assert "permissions changed" in stale["detail"]
    assert "refresh" in stale["detail"]

    pair = await refreshed(anonymous, pair["refresh_token"])
    after = (await me(anonymous, pair["access_token"])).json()
    assert "trader" in after["roles"]
    assert "commodities.read" in after["permissions"]

    revoked = await client.delete(f"/api/v1/role-assignments/{assigned.json()['id']}")
    assert revoked.status_code == 200, revoked.text
    assert_problem(await me(anonymous, pair["access_token"]), 401, "invalid-token")
    pair = await refreshed(anonymous, pair["refresh_token"])
    final = (await me(anonymous, pair["access_token"])).json()
    assert "trader" not in final["roles"]
    assert "commodities.read" not in final["permissions"]
