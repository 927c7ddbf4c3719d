"""Trade a refresh token for a new pair; a reused (already rotated) token ends the whole session."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from backend.core.clock import utc_now
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.session_cache import forget_sessions_of
from backend.modules.identity.application.tokens import TokenPair, access_token
from backend.modules.identity.domain.errors import InvalidToken
from backend.modules.identity.domain.user import UserStatus


@dataclass(frozen=True)
class RefreshSession:
    refresh_token: str


async def refresh_session(command: RefreshSession, ctx: AuthContext) -> TokenPair:
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        record = await uow.auth.refresh_record(command.refresh_token)
        if record is None:
            raise InvalidToken("unknown refresh token")
        if record.used_at is not None:
            # someone holds a copy of a rotated token: end the family, the thief's copy with it
            await uow.auth.revoke_session(record.session_id, "refresh token reuse")
            await uow.audit.record(
                "refresh_token_reused",
                tenant_id=None,
                actor_id=None,
                subject_type="session",
                subject_id=record.session_id,
            )
            await uow.commit()
            await forget_sessions_of(ctx, record.user_id)
            raise InvalidToken("refresh token already used; the session has been revoked, sign in again")
        if record.session_revoked_at is not None or record.session_expires_at <= utc_now():
            raise InvalidToken("the session has ended; sign in again")
        user = await uow.users.get(record.user_id)
        if user is None or user.status not in (UserStatus.ACTIVE, UserStatus.LOCKED):
            raise InvalidToken("the account is no longer active")
        await uow.auth.mark_used(command.refresh_token)
        refresh = secrets.token_urlsafe(32)
        await uow.auth.add_refresh_token(record.session_id, refresh)
        token = await access_token(ctx, uow, user, record.session_id)
        await uow.commit()
    return TokenPair(token, refresh, int(ctx.settings.access_ttl.total_seconds()))
