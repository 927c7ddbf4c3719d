"""Password reset: a tenant admin (or the user, by username) asks for a code; the code sets a new password."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from backend.core.principal import SYSTEM_SCOPE, Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.application.session_cache import forget_sessions_of
from backend.modules.identity.domain.errors import InvalidToken, WeakPassword
from backend.modules.identity.domain.passwords import password_problems
from backend.modules.identity.domain.user import User, UserStatus


@dataclass(frozen=True)
class CompletePasswordReset:
    token: str
    password: str


async def _send_reset(ctx: AuthContext, uow: IdentityUnitOfWork, user: User) -> None:
    token = secrets.token_urlsafe(32)
    await uow.auth.add_action_token(user.id, "password_reset", token, ctx.settings.reset_ttl)
    channel, recipient = ("email", user.email) if user.email else ("sms", user.mobile)
    assert recipient is not None
    await uow.auth.deliver(channel, recipient, f"Reset your Mandi password with this code: {token}")


async def reset_password_for(user_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> None:
    async with ctx.uow(actor.data_scope) as uow:
        user = await must_get(uow.users, user_id, "user")
        await _send_reset(ctx, uow, user)
        await uow.audit.record(
            "password_reset_requested",
            tenant_id=user.tenant_id,
            actor_id=actor.user_id,
            subject_type="user",
            subject_id=user.id,
        )
        await uow.commit()


async def forgot_password(username: str, ctx: AuthContext) -> None:
    """Self-service; silent for unknown usernames so it cannot be used to find accounts."""
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        user = await uow.users.by_username(username)
        if user is None or user.status is UserStatus.DISABLED:
            return
        await _send_reset(ctx, uow, user)
        await uow.audit.record(
            "password_reset_requested", tenant_id=user.tenant_id, actor_id=None, subject_type="user", subject_id=user.id
        )
        await uow.commit()


async def complete_password_reset(command: CompletePasswordReset, ctx: AuthContext) -> None:
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        user_id = await uow.auth.use_action_token(command.token, "password_reset")
        if user_id is None:
            raise InvalidToken("the reset code is unknown, used or expired; ask for a new one")
        user = await must_get(uow.users, user_id, "user")
        if problems := password_problems(command.password, email=user.email):
            raise WeakPassword(problems)
        user.set_password(await ctx.hasher.hash(command.password))
        if user.status is UserStatus.LOCKED:
            user.unlock()
        await uow.users.save(user)
        await uow.auth.revoke_sessions_of(user.id, "password reset")
        await uow.audit.record(
            "password_reset", tenant_id=user.tenant_id, actor_id=user.id, subject_type="user", subject_id=user.id
        )
        await uow.commit()
    await forget_sessions_of(ctx, user.id)
