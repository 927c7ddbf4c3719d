"""POST /api/v1/auth/login: tokens, no user enumeration, lockout and unlock, address throttling, audit."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.actors import PASSWORD, Actor, unique_email
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity.auth_helpers import (
    LOGIN,
    USERS,
    active_staff,
    audit_rows,
    end_lock,
    login,
    me,
    outbox_rows,
)

WRONG = "Wr0ng!Password#Guess"


async def test_login_returns_a_bearer_pair_that_is_not_cached(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    response = await login(anonymous, admin.username)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    assert body["access_token"]
    assert body["refresh_token"]
    assert response.headers["cache-control"] == "no-store"
    assert (await me(anonymous, body["access_token"])).status_code == 200


async def test_username_is_case_insensitive_for_e_mail(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    response = await login(anonymous, f"  {admin.username.upper()} ")
    assert response.status_code == 200, response.text


async def test_wrong_password_and_unknown_user_get_the_same_answer(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    wrong_password = await login(anonymous, admin.username, WRONG)
    unknown_user = await login(anonymous, unique_email("nobody"), WRONG)
    first = assert_problem(wrong_password, 401, "invalid-credentials")
    second = assert_problem(unknown_user, 401, "invalid-credentials")
    for body in (first, second):
        del body["request_id"]
    assert first == second
    assert wrong_password.headers["www-authenticate"] == unknown_user.headers["www-authenticate"]


async def test_malformed_bodies_are_422(anonymous: httpx.AsyncClient) -> None:
    missing = assert_problem(await anonymous.post(LOGIN, json={"username": "a@b.example"}), 422)
    assert error_fields(missing) == {"password"}
    extra = assert_problem(
        await anonymous.post(LOGIN, json={"username": "a@b.example", "password": "x", "remember": True}), 422
    )
    assert error_fields(extra) == {"remember"}
    not_json = await anonymous.post(LOGIN, content=b"username=a", headers={"content-type": "text/plain"})
    assert_problem(not_json, 422, "request-validation-failed")
    empty = assert_problem(await anonymous.post(LOGIN, json={"username": "", "password": ""}), 422)
    assert error_fields(empty) == {"username", "password"}


async def test_a_mobile_number_is_a_username(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection, with_mobile=True)
    assert staff.mobile is not None
    response = await login(anonymous, staff.mobile)
    assert response.status_code == 200, response.text
    assert (await me(anonymous, response.json()["access_token"])).json()["user"]["id"] == staff.id


async def test_five_wrong_passwords_lock_the_account_until_an_admin_unlocks_it(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    for _ in range(4):
        assert_problem(await login(anonymous, staff.email, WRONG), 401, "invalid-credentials")
    fifth = assert_problem(await login(anonymous, staff.email, WRONG), 401, "account-locked")
    assert "locked" in fifth["detail"]
    assert_problem(await login(anonymous, staff.email, PASSWORD), 401, "account-locked")
    assert (await client.get(f"{USERS}/{staff.id}")).json()["status"] == "locked"

    unlocked = await client.post(f"{USERS}/{staff.id}/unlock")
    assert unlocked.status_code == 200, unlocked.text
    assert unlocked.json()["status"] == "active"
    assert (await login(anonymous, staff.email, PASSWORD)).status_code == 200


async def test_a_lock_runs_out_after_its_time(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    for _ in range(5):
        await login(anonymous, staff.email, WRONG)
    assert_problem(await login(anonymous, staff.email), 401, "account-locked")
    await end_lock(connection, staff.id)
    assert (await login(anonymous, staff.email)).status_code == 200
    assert (await client.get(f"{USERS}/{staff.id}")).json()["status"] == "active"


async def test_unlocking_a_user_who_is_not_locked_is_a_409(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert_problem(await client.post(f"{USERS}/{staff.id}/unlock"), 409, "invalid-state")


async def test_a_success_resets_the_failure_count(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    for _ in range(4):
        await login(anonymous, staff.email, WRONG)
    assert (await login(anonymous, staff.email)).status_code == 200
    for _ in range(4):
        assert_problem(await login(anonymous, staff.email, WRONG), 401, "invalid-credentials")
    assert (await login(anonymous, staff.email)).status_code == 200


async def test_twenty_failures_from_one_address_throttle_every_login_from_it(
    anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    # the ASGI test client always calls from the same address, so these failures add up
    for n in range(20):
        assert_problem(await login(anonymous, unique_email(f"guess{n}"), WRONG), 401, "invalid-credentials")
    throttled = await login(anonymous, unique_email("guess"), WRONG)
    assert_problem(throttled, 429, "too-many-requests")
    assert throttled.headers["retry-after"] == str(15 * 60)
    # even the right password waits: the address, not the account, is slowed down
    assert_problem(await login(anonymous, admin.username), 429, "too-many-requests")


async def test_login_failures_and_successes_are_audited_with_the_request_id(
    anonymous: httpx.AsyncClient, admin: Actor, connection: AsyncConnection
) -> None:
    failed = await login(anonymous, admin.username, WRONG)
    succeeded = await login(anonymous, admin.username)

    [failure] = await audit_rows(connection, "login_failed", admin.user_id)
    assert failure.request_id == failed.headers["x-request-id"]
    assert failure.tenant_id == admin.tenant_id
    assert failure.client_address == "127.0.0.1"
    assert failure.details["reason"] == "wrong password"
    successes = [row for row in await audit_rows(connection, "login_succeeded", admin.user_id) if row.request_id]
    assert [row.request_id for row in successes] == [succeeded.headers["x-request-id"]]
    assert successes[0].actor_id == admin.user_id


async def test_an_unknown_username_is_audited_without_a_subject(
    anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    response = await login(anonymous, unique_email("nobody"), WRONG)
    rows = [r for r in await audit_rows(connection, "login_failed") if r.request_id == response.headers["x-request-id"]]
    assert len(rows) == 1
    assert rows[0].subject_id is None
    assert rows[0].tenant_id is None


async def test_a_wrong_password_for_a_known_user_publishes_login_failed(
    anonymous: httpx.AsyncClient, admin: Actor, connection: AsyncConnection
) -> None:
    response = await login(anonymous, admin.username, WRONG)
    [event] = await outbox_rows(connection, "identity.login_failed.v1", admin.user_id)
    assert event.payload["user_id"] == str(admin.user_id)
    assert event.payload["tenant_id"] == str(admin.tenant_id)
    assert event.payload["reason"] == "wrong password"
    assert event.payload["failed_logins"] == 1
    assert event.payload["locked"] is False
    assert event.payload["client_address"] == "127.0.0.1"
    assert event.correlation_id == response.headers["x-request-id"]
