"""Issuing the access/refresh pair, and the short-lived token between password and second factor."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from backend.core.clock import utc_now
from backend.core.context import client_address_var
from backend.core.ids import new_uuid
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.grants import Grants, encode_grants, grants_of
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.domain.errors import InvalidToken
from backend.modules.identity.domain.user import User

ACCESS = "access"
MFA = "mfa"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type, not a secret


@dataclass(frozen=True)
class MfaRequired:
    mfa_token: str
    expires_in: int


def _branch_claim(grants: Grants) -> list[str]:
    """Branches the user holds grants in; empty when any grant covers the whole tenant."""
    scopes = [grant.branches for scoped in grants.values() for grant in scoped]
    if not scopes or any(branches is None for branches in scopes):
        return []
    return sorted({str(branch) for branches in scopes if branches for branch in branches})


async def access_token(ctx: AuthContext, uow: IdentityUnitOfWork, user: User, session_id: uuid.UUID) -> str:
    roles, grants = await grants_of(uow, user)
    now = utc_now()
    claims: dict[str, Any] = {
        "typ": ACCESS,
        "sub": str(user.id),
        "tid": None if user.tenant_id is None else str(user.tenant_id),
        "pid": None if user.partner_id is None else str(user.partner_id),
        "knd": str(user.kind),
        "sid": str(session_id),
        "jti": new_uuid().hex,
        "aud": ctx.settings.audience,
        "iat": int(now.timestamp()),
        "exp": int((now + ctx.settings.access_ttl).timestamp()),
        "roles": roles,
        "branches": _branch_claim(grants),
        "pv": user.authz_version,
        "grants": encode_grants(grants),
    }
    return await ctx.signer.sign(claims)


async def open_session(ctx: AuthContext, uow: IdentityUnitOfWork, user: User) -> TokenPair:
    """A new session (refresh-token family) with its first pair of tokens."""
    session_id = await uow.auth.open_session(
        user.id, user.tenant_id, ctx.settings.refresh_ttl, client_address_var.get()
    )
    refresh = secrets.token_urlsafe(32)
    await uow.auth.add_refresh_token(session_id, refresh)
    token = await access_token(ctx, uow, user, session_id)
    return TokenPair(token, refresh, int(ctx.settings.access_ttl.total_seconds()))


async def mfa_token(ctx: AuthContext, user: User) -> MfaRequired:
    now = utc_now()
    claims = {
        "typ": MFA,
        "sub": str(user.id),
        "jti": new_uuid().hex,
        "aud": ctx.settings.audience,
        "iat": int(now.timestamp()),
        "exp": int((now + ctx.settings.mfa_ttl).timestamp()),
    }
    return MfaRequired(await ctx.signer.sign(claims), int(ctx.settings.mfa_ttl.total_seconds()))


async def verified_claims(ctx: AuthContext, token: str, typ: str) -> dict[str, Any]:
    claims = await ctx.signer.verify(token, audience=ctx.settings.audience)
    if claims.get("typ") != typ:
        raise InvalidToken(f"this is not an {typ} token")
    return claims
