"""Scheduled clean-up: ended sessions and spent codes a week after they expired."""

from __future__ import annotations

from datetime import timedelta

from backend.core.clock import utc_now
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.auth_context import AuthContext

KEEP_FOR = timedelta(days=7)  # long enough to investigate a reported misuse


async def purge_expired_credentials(ctx: AuthContext) -> int:
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        removed = await uow.auth.purge_expired(utc_now() - KEEP_FOR)
        await uow.commit()
    return removed
