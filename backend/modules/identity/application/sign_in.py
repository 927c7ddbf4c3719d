"""What every way of proving identity ends with: status checks, the second factor, a session."""

from __future__ import annotations

from backend.core.context import client_address_var
from backend.core.errors import TooManyRequests
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.application.tokens import MfaRequired, TokenPair, mfa_token, open_session
from backend.modules.identity.domain.errors import AccountUnavailable
from backend.modules.identity.domain.tenant import TenantStatus
from backend.modules.identity.domain.user import User, UserStatus


def address_key() -> str:
    return f"address:{client_address_var.get() or 'unknown'}"


async def refuse_busy_address(ctx: AuthContext, uow: IdentityUnitOfWork) -> None:
    """Many failures from one client address: slow it down whatever account it tries."""
    window = ctx.settings.throttle_window
    if await uow.auth.failures(address_key(), window) >= ctx.settings.failures_per_address:
        raise TooManyRequests(
            "too many failed sign-ins from this address; wait before trying again",
            retry_after=int(window.total_seconds()),
        )


async def ensure_may_sign_in(uow: IdentityUnitOfWork, user: User) -> None:
    """Called only after the secret was proven, so these answers reveal nothing to a guesser."""
    if user.status not in (UserStatus.ACTIVE, UserStatus.LOCKED):
        raise AccountUnavailable(str(user.status))
    if user.tenant_id is not None:
        tenant = await uow.tenants.get(user.tenant_id)
        if tenant is None or tenant.status is TenantStatus.SUSPENDED:
            raise AccountUnavailable("in a suspended tenant")


async def complete_sign_in(
    ctx: AuthContext, uow: IdentityUnitOfWork, user: User, *, second_factor_done: bool = False
) -> TokenPair | MfaRequired:
    if user.totp_enabled and not second_factor_done:
        return await mfa_token(ctx, user)
    user.record_successful_login()
    await uow.users.save(user)
    await uow.auth.clear_failures(address_key())
    pair = await open_session(ctx, uow, user)
    await uow.audit.record(
        "login_succeeded", tenant_id=user.tenant_id, actor_id=user.id, subject_type="user", subject_id=user.id
    )
    return pair
