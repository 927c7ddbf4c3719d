"""Set-up for the access-control and isolation tests: users with chosen roles, partner users, messages.

Set-up goes through the application's use cases (fast and exact); what the tests prove goes through HTTP.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import text

from backend.app.bootstrap import Container
from backend.core.principal import Principal
from backend.modules.identity.application.commands.activate_user import ActivateUser, activate_user
from backend.modules.identity.application.commands.assignments import AssignRole, assign_role
from backend.modules.identity.application.commands.branches import OpenBranch, open_branch
from backend.modules.identity.application.commands.invite_user import InviteUser, invite_user
from backend.modules.identity.application.commands.request_otp import RequestOtp, request_otp
from backend.modules.identity.application.commands.roles import DefineRole
from backend.modules.identity.application.commands.roles import define_role as define_role_command
from backend.modules.identity.application.commands.verify_otp import VerifyOtp, verify_otp
from backend.modules.identity.application.queries import directory
from backend.modules.identity.application.tokens import TokenPair
from tests.actors import PASSWORD, Actor, api_client, sign_in, tenant_admin, unique_email

ACTIVATION_CODE = re.compile(r"code: (\S+)")
OTP_CODE = re.compile(r"code is (\d{6})")


def unique_mobile() -> str:
    return f"+9198{secrets.randbelow(10**8):08d}"


def unique_code(prefix: str = "B") -> str:
    return f"{prefix}{uuid.uuid4().hex[:6].upper()}"


async def new_tenant(container: Container, name: str) -> Actor:
    """The signed-in admin of a new tenant whose name carries a unique suffix."""
    return await tenant_admin(container, f"{name} {uuid.uuid4().hex[:6]}")


async def principal_of(container: Container, actor: Actor) -> Principal:
    """What the API would see for ``actor``'s token (fails when the token went stale)."""
    return await container.authenticate(actor.token)


async def last_message(container: Container, recipient: str) -> str:
    """The newest development message (e-mail or SMS) sent to ``recipient``."""
    async with container.session_factory() as session:
        body = await session.scalar(
            text("SELECT body FROM identity.dev_messages WHERE recipient = :r ORDER BY id DESC LIMIT 1"),
            {"r": recipient},
        )
    assert body is not None, f"no message was sent to {recipient}"
    return str(body)


async def activation_token(container: Container, email: str) -> str:
    match = ACTIVATION_CODE.search(await last_message(container, email))
    assert match, "the invitation carries no activation code"
    return match.group(1)


async def otp_code(container: Container, mobile: str) -> str:
    match = OTP_CODE.search(await last_message(container, mobile))
    assert match, "the SMS carries no sign-in code"
    return match.group(1)


async def role_id(container: Container, admin: Actor, name: str) -> uuid.UUID:
    roles = await directory.list_roles(await principal_of(container, admin), container.auth)
    return next(role.id for role in roles if role.name == name)


async def define_role(
    container: Container,
    admin: Actor,
    permissions: Iterable[str] = (),
    inherits: Iterable[uuid.UUID] = (),
    name: str | None = None,
) -> uuid.UUID:
    command = DefineRole(name or f"r_{uuid.uuid4().hex[:10]}", "", tuple(permissions), tuple(inherits))
    view = await define_role_command(command, await principal_of(container, admin), container.auth)
    return view.id


async def open_test_branch(container: Container, admin: Actor, code: str | None = None) -> uuid.UUID:
    command = OpenBranch(code or unique_code(), "Branch", "24")
    return (await open_branch(command, await principal_of(container, admin), container.auth)).id


async def grant(
    container: Container,
    admin: Actor,
    user_id: uuid.UUID,
    role: str | uuid.UUID,
    *,
    branch_ids: Iterable[uuid.UUID] = (),
    commodity_ids: Iterable[uuid.UUID] = (),
    expires_at: datetime | None = None,
) -> uuid.UUID:
    """Assign ``role`` (a name or an id) to the user; returns the assignment id."""
    rid = role if isinstance(role, uuid.UUID) else await role_id(container, admin, role)
    command = AssignRole(user_id, rid, tuple(branch_ids), tuple(commodity_ids), expires_at)
    return (await assign_role(command, await principal_of(container, admin), container.auth)).id


async def invite(
    container: Container,
    admin: Actor,
    *,
    email: str | None = None,
    mobile: str | None = None,
    partner_id: uuid.UUID | None = None,
    name: str = "Test user",
) -> uuid.UUID:
    command = InviteUser(name, email, mobile, partner_id)
    return (await invite_user(command, await principal_of(container, admin), container.auth)).id


async def internal_user(container: Container, admin: Actor, *roles: str | uuid.UUID, **scope: Any) -> Actor:
    """An active staff member of ``admin``'s tenant holding ``roles`` (each with ``scope``), signed in."""
    email = unique_email("staff")
    user_id = await invite(container, admin, email=email)
    await activate_user(ActivateUser(await activation_token(container, email), PASSWORD), container.auth)
    for role in roles:
        await grant(container, admin, user_id, role, **scope)
    pair = await sign_in(container, email)
    return Actor(user_id, admin.tenant_id, email, pair.access_token, pair.refresh_token)


async def otp_sign_in(container: Container, mobile: str) -> TokenPair:
    """Sign in by mobile OTP through the use cases (the code is read from the SMS outbox)."""
    await request_otp(RequestOtp(mobile), container.auth)
    result = await verify_otp(VerifyOtp(mobile, await otp_code(container, mobile)), container.auth)
    assert isinstance(result, TokenPair), result
    return result


async def otp_sign_in_over_http(container: Container, mobile: str) -> TokenPair:
    """The same over HTTP: POST /auth/otp/request, read the SMS, POST /auth/otp/verify."""
    async with api_client(container) as anonymous:
        sent = await anonymous.post("/api/v1/auth/otp/request", json={"mobile": mobile})
        assert sent.status_code == 202, sent.text
        code = await otp_code(container, mobile)
        verified = await anonymous.post("/api/v1/auth/otp/verify", json={"mobile": mobile, "code": code})
        assert verified.status_code == 200, verified.text
        body = verified.json()
    return TokenPair(
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
        expires_in=body["expires_in"],
        token_type=body["token_type"],
    )


async def external_user(
    container: Container, admin: Actor, partner_id: uuid.UUID, *roles: str | uuid.UUID, over_http: bool = False
) -> Actor:
    """A partner's person (mobile only) holding ``roles``, signed in by OTP."""
    mobile = unique_mobile()
    user_id = await invite(container, admin, mobile=mobile, partner_id=partner_id)
    for role in roles:
        await grant(container, admin, user_id, role)
    pair = await (otp_sign_in_over_http if over_http else otp_sign_in)(container, mobile)
    return Actor(user_id, admin.tenant_id, mobile, pair.access_token, pair.refresh_token)


async def signed_in_again(container: Container, actor: Actor) -> Actor:
    """A fresh token for ``actor`` (needed after its grants changed: the old one is stale)."""
    if actor.username.startswith("+"):
        pair = await otp_sign_in(container, actor.username)
    else:
        pair = await sign_in(container, actor.username)
    return Actor(actor.user_id, actor.tenant_id, actor.username, pair.access_token, pair.refresh_token)
