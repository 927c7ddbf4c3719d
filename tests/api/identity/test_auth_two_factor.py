"""TOTP two-factor authentication: set-up, confirmation, the second sign-in step and its throttle."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pyotp

from tests.actors import Actor
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity.auth_helpers import MFA_VERIFY, login, me, wrong_totp

SETUP = "/api/v1/me/two-factor"
CONFIRM = "/api/v1/me/two-factor/confirm"


def next_code(secret: str) -> str:
    """The code of the next 30 s step (still accepted: one step of drift either way). The current
    step's code was spent confirming the set-up, and a spent step is refused as a replay."""
    return pyotp.TOTP(secret).at(time.time() + 30)


async def enable_two_factor(client: httpx.AsyncClient) -> str:
    secret: str = (await client.post(SETUP)).json()["secret"]
    response = await client.post(CONFIRM, json={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 204, response.text
    return secret


async def mfa_token(anonymous: httpx.AsyncClient, admin: Actor) -> str:
    response = await login(anonymous, admin.username)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["mfa_required"] is True, body
    return str(body["mfa_token"])


async def verify(anonymous: httpx.AsyncClient, token: str, code: str) -> httpx.Response:
    return await anonymous.post(MFA_VERIFY, json={"mfa_token": token, "code": code})


async def test_setup_returns_a_secret_and_an_otpauth_uri(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.post(SETUP)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    uri = urlparse(body["provisioning_uri"])
    assert uri.scheme == "otpauth"
    assert uri.netloc == "totp"
    query = parse_qs(uri.query)
    assert query["secret"] == [body["secret"]]
    assert query["issuer"] == ["Mandi"]
    assert admin.username.split("@")[0] in uri.path
    # nothing changes until the code is confirmed
    assert (await client.get("/api/v1/me")).json()["user"]["totp_enabled"] is False


async def test_confirm_with_a_wrong_code_is_a_422(client: httpx.AsyncClient) -> None:
    secret = (await client.post(SETUP)).json()["secret"]
    body = assert_problem(await client.post(CONFIRM, json={"code": wrong_totp(secret)}), 422, "invalid-input")
    assert error_fields(body) == {"code"}
    assert (await client.get("/api/v1/me")).json()["user"]["totp_enabled"] is False


async def test_confirm_before_setup_is_a_422(client: httpx.AsyncClient) -> None:
    assert_problem(await client.post(CONFIRM, json={"code": "123456"}), 422, "invalid-input")


async def test_confirm_with_a_malformed_code_is_a_422(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.post(CONFIRM, json={"code": "12ab"}), 422, "request-validation-failed")
    assert error_fields(body) == {"code"}


async def test_two_factor_needs_a_token(anonymous: httpx.AsyncClient) -> None:
    assert_problem(await anonymous.post(SETUP), 401, "unauthenticated")


async def test_with_two_factor_on_login_asks_for_the_code(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    secret = await enable_two_factor(client)
    assert (await client.get("/api/v1/me")).json()["user"]["totp_enabled"] is True

    response = await login(anonymous, admin.username)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["mfa_required"] is True
    assert "access_token" not in body
    assert "refresh_token" not in body
    # the intermediate token opens nothing by itself
    assert_problem(await me(anonymous, body["mfa_token"]), 401, "invalid-token")

    assert_problem(await verify(anonymous, body["mfa_token"], wrong_totp(secret)), 401, "invalid-credentials")
    signed_in = await verify(anonymous, body["mfa_token"], next_code(secret))
    assert signed_in.status_code == 200, signed_in.text
    pair = signed_in.json()
    assert pair["token_type"] == "Bearer"
    assert pair["refresh_token"]
    assert (await me(anonymous, pair["access_token"])).json()["user"]["id"] == str(admin.user_id)


async def test_an_access_token_is_not_an_mfa_token(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    secret = await enable_two_factor(client)
    assert_problem(await verify(anonymous, admin.token, pyotp.TOTP(secret).now()), 401, "invalid-token")


async def test_a_garbage_mfa_token_is_a_401(anonymous: httpx.AsyncClient) -> None:
    assert_problem(await verify(anonymous, "not-a-jwt-at-all", "123456"), 401, "invalid-token")


async def test_the_sixth_wrong_code_is_throttled(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    secret = await enable_two_factor(client)
    token = await mfa_token(anonymous, admin)
    for _ in range(5):
        assert_problem(await verify(anonymous, token, wrong_totp(secret)), 401, "invalid-credentials")
    throttled = await verify(anonymous, token, wrong_totp(secret))
    assert_problem(throttled, 429, "too-many-requests")
    assert int(throttled.headers["retry-after"]) > 0
    # a fresh password sign-in does not reset it, nor does the right code get through
    assert_problem(await verify(anonymous, await mfa_token(anonymous, admin), pyotp.TOTP(secret).now()), 429)


async def test_a_code_works_once(client: httpx.AsyncClient, anonymous: httpx.AsyncClient, admin: Actor) -> None:
    secret = await enable_two_factor(client)
    code = next_code(secret)
    first = await verify(anonymous, await mfa_token(anonymous, admin), code)
    assert first.status_code == 200, first.text
    replay = await verify(anonymous, await mfa_token(anonymous, admin), code)
    assert_problem(replay, 401, "invalid-credentials")
