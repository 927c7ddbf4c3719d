"""Send a one-time login code to a mobile number (partner users sign in this way)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from backend.core.clock import utc_now
from backend.core.principal import SYSTEM_SCOPE, UserKind
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.domain.user import UserStatus


@dataclass(frozen=True)
class RequestOtp:
    mobile: str


async def request_otp(command: RequestOtp, ctx: AuthContext) -> int:
    """Seconds the code lives. The answer is the same whether or not the number is known."""
    lifetime = ctx.settings.otp_ttl
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        user = await uow.users.by_username(command.mobile)
        if (
            user is None
            or user.mobile is None
            or user.kind is not UserKind.EXTERNAL  # staff sign in with a password
            or user.status not in (UserStatus.ACTIVE, UserStatus.INVITED)
        ):
            return int(lifetime.total_seconds())
        if await uow.auth.recent_otps(user.id, utc_now() - ctx.settings.throttle_window) >= ctx.settings.otp_per_window:
            # silently: telling the caller would confirm the number belongs to someone
            return int(lifetime.total_seconds())
        code = f"{secrets.randbelow(10**6):06d}"
        await uow.auth.add_otp(user.id, ctx.secrets.keyed_hash(str(user.id), code), lifetime)
        minutes = int(lifetime.total_seconds() // 60)
        await uow.auth.deliver(
            "sms", user.mobile, f"Your Mandi sign-in code is {code}. It expires in {minutes} minutes."
        )
        await uow.audit.record(
            "otp_sent", tenant_id=user.tenant_id, actor_id=None, subject_type="user", subject_id=user.id
        )
        await uow.commit()
    return int(lifetime.total_seconds())
