"""End the caller's session: its refresh tokens and access tokens stop working at once."""

from __future__ import annotations

from backend.core.principal import SYSTEM_SCOPE, Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.session_cache import forget_sessions_of


async def logout(principal: Principal, ctx: AuthContext) -> None:
    if principal.session_id is None:
        return
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        await uow.auth.revoke_session(principal.session_id, "logout")
        await uow.audit.record("logout", tenant_id=principal.tenant_id, actor_id=principal.user_id)
        await uow.commit()
    await forget_sessions_of(ctx, principal.user_id)
