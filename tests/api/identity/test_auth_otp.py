"""Mobile OTP sign-in for partner users: request, verify, attempts, expiry and the per-window limit."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.api.helpers import assert_problem, error_fields
from tests.api.identity.auth_helpers import (
    OTP_REQUEST,
    OTP_VERIFY,
    USERS,
    expire_open_otps,
    invite_partner_user,
    latest_code,
    me,
    messages_to,
    other_code,
    outbox_rows,
    unique_mobile,
)


async def request_code(anonymous: httpx.AsyncClient, mobile: str) -> httpx.Response:
    return await anonymous.post(OTP_REQUEST, json={"mobile": mobile})


async def verify(anonymous: httpx.AsyncClient, mobile: str, code: str) -> httpx.Response:
    return await anonymous.post(OTP_VERIFY, json={"mobile": mobile, "code": code})


async def test_a_partner_user_signs_in_with_the_code_and_becomes_active(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    response = await request_code(anonymous, partner.mobile)
    assert response.status_code == 202
    assert response.json() == {"sent": True, "expires_in": 300}
    [sms] = await messages_to(connection, partner.mobile)
    assert "5 minutes" in sms

    signed_in = await verify(anonymous, partner.mobile, await latest_code(connection, partner.mobile))
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.headers["cache-control"] == "no-store"
    pair = signed_in.json()
    assert pair["token_type"] == "Bearer"
    user = (await me(anonymous, pair["access_token"])).json()["user"]
    assert user["id"] == partner.id
    assert user["kind"] == "external"
    assert user["status"] == "active"
    assert user["activated_at"] is not None
    assert (await client.get(f"{USERS}/{partner.id}")).json()["status"] == "active"
    assert await outbox_rows(connection, "identity.user_activated.v1", partner.id)


async def test_an_unknown_number_gets_the_same_answer_and_no_message(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    stranger = unique_mobile()
    known = await request_code(anonymous, partner.mobile)
    unknown = await request_code(anonymous, stranger)
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert await messages_to(connection, stranger) == []
    assert_problem(await verify(anonymous, stranger, "123456"), 401, "invalid-credentials")


async def test_a_code_is_used_once(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    await request_code(anonymous, partner.mobile)
    code = await latest_code(connection, partner.mobile)
    assert (await verify(anonymous, partner.mobile, code)).status_code == 200
    assert_problem(await verify(anonymous, partner.mobile, code), 401, "invalid-credentials")


async def test_a_wrong_code_is_a_401(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    await request_code(anonymous, partner.mobile)
    code = await latest_code(connection, partner.mobile)
    assert_problem(await verify(anonymous, partner.mobile, other_code(code)), 401, "invalid-credentials")
    # one miss does not spend the code
    assert (await verify(anonymous, partner.mobile, code)).status_code == 200


async def test_after_five_wrong_codes_even_the_right_one_fails_until_a_new_one_is_sent(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    await request_code(anonymous, partner.mobile)
    code = await latest_code(connection, partner.mobile)
    for _ in range(5):
        assert_problem(await verify(anonymous, partner.mobile, other_code(code)), 401, "invalid-credentials")
    body = assert_problem(await verify(anonymous, partner.mobile, code), 401, "invalid-credentials")
    assert "request a new one" in body["detail"]

    await request_code(anonymous, partner.mobile)
    fresh = await latest_code(connection, partner.mobile)
    assert (await verify(anonymous, partner.mobile, fresh)).status_code == 200


async def test_an_expired_code_fails(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    await request_code(anonymous, partner.mobile)
    code = await latest_code(connection, partner.mobile)
    await expire_open_otps(connection, partner.id)
    assert_problem(await verify(anonymous, partner.mobile, code), 401, "invalid-credentials")


async def test_a_new_code_replaces_the_previous_one(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    await request_code(anonymous, partner.mobile)
    first = await latest_code(connection, partner.mobile)
    await request_code(anonymous, partner.mobile)
    second = await latest_code(connection, partner.mobile)
    if first != second:  # one in a million they coincide
        assert_problem(await verify(anonymous, partner.mobile, first), 401, "invalid-credentials")
    assert (await verify(anonymous, partner.mobile, second)).status_code == 200


async def test_at_most_three_codes_are_sent_per_window(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    answers = [await request_code(anonymous, partner.mobile) for _ in range(4)]
    # the fourth request is answered like the others (silence: no hint the number is real) but sends nothing
    assert {response.status_code for response in answers} == {202}
    assert len({response.text for response in answers}) == 1
    assert len(await messages_to(connection, partner.mobile)) == 3


async def test_a_disabled_partner_user_gets_no_code(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    assert (await client.post(f"{USERS}/{partner.id}/disable")).status_code == 200
    assert (await request_code(anonymous, partner.mobile)).status_code == 202
    assert await messages_to(connection, partner.mobile) == []


async def test_malformed_requests_are_422(anonymous: httpx.AsyncClient) -> None:
    body = assert_problem(await anonymous.post(OTP_REQUEST, json={}), 422, "request-validation-failed")
    assert error_fields(body) == {"mobile"}
    body = assert_problem(await verify(anonymous, "+919812345678", "12x456"), 422, "request-validation-failed")
    assert error_fields(body) == {"code"}


async def test_failed_password_logins_throttle_otp_sign_in_from_the_same_address(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner = await invite_partner_user(client)
    assert partner.mobile is not None
    await request_code(anonymous, partner.mobile)
    code = await latest_code(connection, partner.mobile)
    for n in range(20):
        await anonymous.post("/api/v1/auth/login", json={"username": f"guess{n}@nowhere.example", "password": "x"})
    assert_problem(await verify(anonymous, partner.mobile, code), 429, "too-many-requests")


async def test_wrong_codes_count_towards_the_address_throttle(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    # guessing codes across many numbers from one address is a login attack like password spraying
    partners = [await invite_partner_user(client) for _ in range(4)]
    for partner in partners:
        assert partner.mobile is not None
        await request_code(anonymous, partner.mobile)
        code = await latest_code(connection, partner.mobile)
        for _ in range(5):
            assert_problem(await verify(anonymous, partner.mobile, other_code(code)), 401, "invalid-credentials")
    stranger = unique_mobile()
    throttled = await verify(anonymous, stranger, "123456")
    assert_problem(throttled, 429, "too-many-requests")
    assert "retry-after" in throttled.headers
