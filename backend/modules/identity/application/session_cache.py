"""The per-request session lookup, cached per user for a few seconds.

Every authenticated request needs its session, user and tenant state. It is cached briefly, and the
use cases that change it (logout, refresh-token reuse, disable/enable/unlock, password reset, role
assignment or role change, tenant suspension) drop it right after they commit, so within a process
the change holds at once. Other processes see it at once with the Redis cache (the invalidation is a
generation shared in Redis); with in-process caches in several processes it holds within ``TTL``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.core.cache import CacheOwner, CachePolicy, CacheScope, JsonCodec
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.auth_context import AuthContext

TTL = timedelta(seconds=5)


@dataclass(frozen=True)
class SessionState:
    status: str
    authz_version: int
    revoked_at: datetime | None
    expires_at: datetime
    tenant_status: str | None


SESSION_STATE = CachePolicy(
    name="identity.session_state",
    codec=JsonCodec[SessionState | None](SessionState | None),
    ttl=TTL,
    scope=CacheScope.USER,
    max_entries=50_000,
)


async def session_state(
    ctx: AuthContext, tenant_id: uuid.UUID | None, user_id: uuid.UUID, session_id: uuid.UUID
) -> SessionState | None:
    """The state of ``session_id`` of ``user_id``, or None when there is no such session."""

    async def load() -> SessionState | None:
        async with ctx.uow(SYSTEM_SCOPE) as uow:
            row = await uow.auth.session_state(session_id, user_id)
        if row is None:
            return None
        return SessionState(row.status, row.authz_version, row.revoked_at, row.expires_at, row.tenant_status)

    return await ctx.cache.get_or_load(SESSION_STATE, CacheOwner(tenant_id, user_id), session_id, load)


async def forget_sessions_of(ctx: AuthContext, *user_ids: uuid.UUID) -> None:
    """Call after committing a change to these users' sessions, status or grants."""
    for user_id in user_ids:
        await ctx.cache.invalidate_user(SESSION_STATE, user_id)


async def forget_sessions_in(ctx: AuthContext, tenant_id: uuid.UUID | None) -> None:
    """Call after committing a change that touches every user of a tenant (``None``: of every tenant)."""
    if tenant_id is None:
        await ctx.cache.invalidate_all(SESSION_STATE)
    else:
        await ctx.cache.invalidate_tenant(SESSION_STATE, tenant_id)
