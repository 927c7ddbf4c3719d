"""Activation of invited users and password resets: one-use codes from the development mailbox."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.app.bootstrap import Container
from tests.actors import PASSWORD, Actor, api_client, tenant_admin, unique_email
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity.auth_helpers import (
    ACTIVATE,
    FORGOT,
    NEW_PASSWORD,
    REFRESH,
    RESET,
    USERS,
    active_staff,
    audit_rows,
    invite_staff,
    latest_code,
    latest_message,
    login,
    me,
    messages_to,
    outbox_rows,
    tokens,
    unique_mobile,
)


async def test_an_invited_user_activates_with_the_e_mailed_code(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await invite_staff(client)
    assert staff.email is not None
    assert_problem(await login(anonymous, staff.email), 401, "invalid-credentials")  # no password yet
    token = await latest_code(connection, staff.email)

    response = await anonymous.post(ACTIVATE, json={"token": token, "password": PASSWORD})
    assert response.status_code == 200, response.text
    assert response.json()["id"] == staff.id
    assert response.json()["status"] == "active"
    pair = await tokens(anonymous, staff.email)
    assert (await me(anonymous, pair["access_token"])).json()["user"]["status"] == "active"
    assert await outbox_rows(connection, "identity.user_activated.v1", staff.id)
    assert await audit_rows(connection, "user_activated", staff.id)


async def test_a_weak_password_is_refused_with_every_problem_and_the_code_stays_usable(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await invite_staff(client)
    assert staff.email is not None
    token = await latest_code(connection, staff.email)

    body = assert_problem(
        await anonymous.post(ACTIVATE, json={"token": token, "password": "short"}), 422, "weak-password"
    )
    assert error_fields(body) == {"password"}
    reasons = [error["message"] for error in body["errors"]]
    assert any("12 characters" in reason for reason in reasons)
    assert any("three of" in reason for reason in reasons)
    containing_name = staff.email.split("@")[0] + "-X9!"
    body = assert_problem(
        await anonymous.post(ACTIVATE, json={"token": token, "password": containing_name}), 422, "weak-password"
    )
    assert any("e-mail" in error["message"] for error in body["errors"])

    assert (await anonymous.post(ACTIVATE, json={"token": token, "password": PASSWORD})).status_code == 200


async def test_an_activation_code_works_once(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await invite_staff(client)
    assert staff.email is not None
    token = await latest_code(connection, staff.email)
    assert (await anonymous.post(ACTIVATE, json={"token": token, "password": PASSWORD})).status_code == 200
    assert_problem(
        await anonymous.post(ACTIVATE, json={"token": token, "password": NEW_PASSWORD}), 401, "invalid-token"
    )
    # the second attempt changed nothing
    assert (await login(anonymous, staff.email, PASSWORD)).status_code == 200


async def test_an_unknown_activation_code_is_a_401(anonymous: httpx.AsyncClient) -> None:
    assert_problem(
        await anonymous.post(ACTIVATE, json={"token": "made-up-activation-code", "password": PASSWORD}),
        401,
        "invalid-token",
    )


async def test_a_reset_code_does_not_activate(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert (await client.post(f"{USERS}/{staff.id}/reset-password")).status_code == 202
    assert staff.email is not None
    reset_code = await latest_code(connection, staff.email)
    assert_problem(
        await anonymous.post(ACTIVATE, json={"token": reset_code, "password": PASSWORD}), 401, "invalid-token"
    )


async def test_an_admin_reset_sets_a_new_password_and_ends_old_sessions(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    old = await tokens(anonymous, staff.email)

    requested = await client.post(f"{USERS}/{staff.id}/reset-password")
    assert requested.status_code == 202
    assert requested.json() == {"accepted": True}
    token = await latest_code(connection, staff.email)
    assert (await latest_message(connection, staff.email)).startswith("Reset your Mandi password")

    done = await anonymous.post(RESET, json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204, done.text
    assert_problem(await me(anonymous, old["access_token"]), 401, "invalid-token")
    assert_problem(await anonymous.post(REFRESH, json={"refresh_token": old["refresh_token"]}), 401, "invalid-token")
    assert_problem(await login(anonymous, staff.email, PASSWORD), 401, "invalid-credentials")
    assert (await login(anonymous, staff.email, NEW_PASSWORD)).status_code == 200
    # the code is spent
    assert_problem(await anonymous.post(RESET, json={"token": token, "password": PASSWORD}), 401, "invalid-token")


async def test_a_reset_refuses_a_weak_password(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    await client.post(f"{USERS}/{staff.id}/reset-password")
    token = await latest_code(connection, staff.email)
    body = assert_problem(
        await anonymous.post(RESET, json={"token": token, "password": "password1234"}), 422, "weak-password"
    )
    assert any("common" in error["message"] for error in body["errors"])
    assert (await login(anonymous, staff.email, PASSWORD)).status_code == 200


async def test_a_reset_unlocks_a_locked_account(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    for _ in range(5):
        await login(anonymous, staff.email, "Wr0ng!Password#Guess")
    assert_problem(await login(anonymous, staff.email), 401, "account-locked")
    await anonymous.post(FORGOT, json={"username": staff.email})
    token = await latest_code(connection, staff.email)
    assert (await anonymous.post(RESET, json={"token": token, "password": NEW_PASSWORD})).status_code == 204
    assert (await login(anonymous, staff.email, NEW_PASSWORD)).status_code == 200


async def test_forgot_password_sends_a_code_to_a_known_user(
    anonymous: httpx.AsyncClient, admin: Actor, connection: AsyncConnection
) -> None:
    response = await anonymous.post(FORGOT, json={"username": admin.username})
    assert response.status_code == 202
    assert response.json() == {"accepted": True}
    token = await latest_code(connection, admin.username)
    assert (await anonymous.post(RESET, json={"token": token, "password": NEW_PASSWORD})).status_code == 204
    assert (await login(anonymous, admin.username, NEW_PASSWORD)).status_code == 200


async def test_forgot_password_for_an_unknown_username_is_accepted_and_sends_nothing(
    anonymous: httpx.AsyncClient, admin: Actor, connection: AsyncConnection
) -> None:
    known = await anonymous.post(FORGOT, json={"username": admin.username})
    for nobody in (unique_email("nobody"), unique_mobile()):
        unknown = await anonymous.post(FORGOT, json={"username": nobody})
        assert unknown.status_code == known.status_code == 202
        assert unknown.json() == known.json()
        assert await messages_to(connection, nobody) == []


async def test_reset_password_for_another_tenants_user_is_a_404(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection, container: Container
) -> None:
    staff = await active_staff(client, anonymous, connection)
    assert staff.email is not None
    outsider = await tenant_admin(container, "Unjha Spice Brokers")
    async with api_client(container, outsider) as other_tenant:
        assert_problem(await other_tenant.post(f"{USERS}/{staff.id}/reset-password"), 404, "user-not-found")
    assert len(await messages_to(connection, staff.email)) == 1  # just the invitation
