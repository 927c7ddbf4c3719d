"""Helpers for the authentication and token API tests: users in each state, dev messages, raw rows."""

from __future__ import annotations

import re
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pyotp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.actors import PASSWORD, unique_email

ME = "/api/v1/me"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
MFA_VERIFY = "/api/v1/auth/mfa/verify"
OTP_REQUEST = "/api/v1/auth/otp/request"
OTP_VERIFY = "/api/v1/auth/otp/verify"
ACTIVATE = "/api/v1/auth/activate"
FORGOT = "/api/v1/auth/password/forgot"
RESET = "/api/v1/auth/password/reset"
JWKS = "/.well-known/jwks.json"
USERS = "/api/v1/users"

NEW_PASSWORD = "N3w!Saffron#Harvest"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def unique_mobile() -> str:
    return f"+9198{secrets.randbelow(10**8):08d}"


# raw reads: identity tables sit behind row-level security, so look as the platform


async def _platform(connection: AsyncConnection) -> None:
    await connection.execute(text("SELECT set_config('mandi.platform', 'on', true)"))


async def messages_to(connection: AsyncConnection, recipient: str) -> list[str]:
    """Bodies of the SMS/e-mails the development adapter 'sent' to ``recipient``, oldest first."""
    await _platform(connection)
    rows = await connection.execute(
        text("SELECT body FROM identity.dev_messages WHERE recipient = :recipient ORDER BY id"),
        {"recipient": recipient},
    )
    return list(rows.scalars())


async def latest_message(connection: AsyncConnection, recipient: str) -> str:
    messages = await messages_to(connection, recipient)
    assert messages, f"no message was sent to {recipient}"
    return messages[-1]


async def latest_code(connection: AsyncConnection, recipient: str) -> str:
    """The token or code at the end of the last message, e.g. '... this code: <token>'."""
    body = await latest_message(connection, recipient)
    otp = re.search(r"sign-in code is (\d{6})\b", body)
    if otp:
        return otp.group(1)
    action = re.search(r"code: (\S+)$", body)
    assert action, body
    return action.group(1)


async def audit_rows(connection: AsyncConnection, action: str, subject_id: object | None = None) -> list[Any]:
    await _platform(connection)
    statement = "SELECT * FROM identity.audit_log WHERE action = :action"
    params: dict[str, Any] = {"action": action}
    if subject_id is not None:
        statement += " AND subject_id = :subject"
        params["subject"] = str(subject_id)
    return list((await connection.execute(text(statement + " ORDER BY seq"), params)).all())


async def outbox_rows(connection: AsyncConnection, wire_name: str, aggregate_id: object) -> list[Any]:
    await _platform(connection)
    rows = await connection.execute(
        text("SELECT * FROM identity.outbox WHERE wire_name = :wire AND aggregate_id = :id ORDER BY seq"),
        {"wire": wire_name, "id": str(aggregate_id)},
    )
    return list(rows.all())


async def expire_open_otps(connection: AsyncConnection, user_id: object) -> None:
    """Move the user's open codes' expiry into the past (now() is the test transaction's start)."""
    await _platform(connection)
    await connection.execute(
        text(
            "UPDATE identity.otp_challenges SET expires_at = created_at - interval '1 minute'"
            " WHERE user_id = :user AND consumed_at IS NULL"
        ),
        {"user": str(user_id)},
    )


async def end_lock(connection: AsyncConnection, user_id: object) -> None:
    """Let the user's lockout run out, as if its 30 minutes had passed."""
    await _platform(connection)
    await connection.execute(
        text("UPDATE identity.users SET locked_until = locked_until - interval '31 minutes' WHERE id = :user"),
        {"user": str(user_id)},
    )


# users in each state, through the API


@dataclass(frozen=True)
class Person:
    id: str
    email: str | None
    mobile: str | None


async def invite(
    admin_client: httpx.AsyncClient,
    *,
    email: str | None = None,
    mobile: str | None = None,
    partner_id: uuid.UUID | None = None,
) -> Person:
    body: dict[str, Any] = {"full_name": "Meena Patel", "email": email, "mobile": mobile}
    if partner_id is not None:
        body["partner_id"] = str(partner_id)
    response = await admin_client.post(USERS, json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "invited"
    return Person(created["id"], created["email"], created["mobile"])


async def invite_staff(admin_client: httpx.AsyncClient, *, with_mobile: bool = False) -> Person:
    return await invite(admin_client, email=unique_email("staff"), mobile=unique_mobile() if with_mobile else None)


async def invite_partner_user(admin_client: httpx.AsyncClient) -> Person:
    return await invite(admin_client, mobile=unique_mobile(), partner_id=uuid.uuid4())


async def active_staff(
    admin_client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    connection: AsyncConnection,
    *,
    with_mobile: bool = False,
) -> Person:
    """An internal user who accepted the invitation and set ``PASSWORD``."""
    person = await invite_staff(admin_client, with_mobile=with_mobile)
    assert person.email is not None
    token = await latest_code(connection, person.email)
    response = await anonymous.post(ACTIVATE, json={"token": token, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return person


async def login(anonymous: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    return await anonymous.post(LOGIN, json={"username": username, "password": password})


async def tokens(anonymous: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict[str, Any]:
    response = await login(anonymous, username, password)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "access_token" in body, body
    return body


async def me(anonymous: httpx.AsyncClient, token: str) -> httpx.Response:
    return await anonymous.get(ME, headers=bearer(token))


# tokens made by hand


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def kid_of(token: str) -> str:
    kid: str = jwt.get_unverified_header(token)["kid"]
    return kid


def wrong_totp(secret: str) -> str:
    """A six-digit code no clock skew the server allows would accept."""
    totp = pyotp.TOTP(secret)
    now = time.time()
    accepted = {totp.at(now + offset) for offset in (-60, -30, 0, 30, 60)}
    candidate = int(totp.now())
    while f"{candidate:06d}" in accepted:
        candidate = (candidate + 1) % 10**6
    return f"{candidate:06d}"


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"
