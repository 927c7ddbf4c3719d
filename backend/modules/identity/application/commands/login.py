"""Sign in with a username (e-mail or mobile) and password."""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.clock import utc_now
from backend.core.context import client_address_var
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.sign_in import (
    address_key,
    complete_sign_in,
    ensure_may_sign_in,
    refuse_busy_address,
)
from backend.modules.identity.application.tokens import MfaRequired, TokenPair
from backend.modules.identity.domain.errors import AccountLocked, InvalidCredentials
from backend.modules.identity.domain.events import LoginFailed


@dataclass(frozen=True)
class Login:
    username: str
    password: str


async def login(command: Login, ctx: AuthContext) -> TokenPair | MfaRequired:
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        await refuse_busy_address(ctx, uow)
        user = await uow.users.by_username(command.username)
        if user is None or user.password_hash is None:
            await ctx.hasher.dummy_verify(command.password)  # same time as a real check: no enumeration
            await uow.auth.count_failure(address_key(), ctx.settings.throttle_window)
            await uow.audit.record("login_failed", tenant_id=None, actor_id=None, details={"reason": "unknown user"})
            await uow.commit()
            raise InvalidCredentials()
        now = utc_now()
        if not await ctx.hasher.verify(user.password_hash, command.password):
            was_locked = user.is_locked(now)
            locked_now = False if was_locked else user.record_failed_login(now)
            user.record(LoginFailed(user_id=user.id, reason="wrong password", client_address=client_address_var.get()))
            await uow.users.save(user)
            await uow.auth.count_failure(address_key(), ctx.settings.throttle_window)
            await uow.audit.record(
                "login_failed",
                tenant_id=user.tenant_id,
                actor_id=None,
                subject_type="user",
                subject_id=user.id,
                details={"reason": "wrong password", "failed_logins": user.failed_logins, "locked": locked_now},
            )
            await uow.commit()
            if locked_now:
                raise AccountLocked()
            raise InvalidCredentials()
        if user.is_locked(now):
            raise AccountLocked()
        await ensure_may_sign_in(uow, user)
        result = await complete_sign_in(ctx, uow, user)
        await uow.commit()
        return result
