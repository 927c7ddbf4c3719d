"""Sign in with a mobile number and the one-time code sent to it."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from backend.core.clock import utc_now
from backend.core.principal import SYSTEM_SCOPE, UserKind
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.sign_in import (
    address_key,
    complete_sign_in,
    ensure_may_sign_in,
    refuse_busy_address,
)
from backend.modules.identity.application.tokens import MfaRequired, TokenPair
from backend.modules.identity.domain.errors import InvalidCredentials
from backend.modules.identity.domain.user import UserStatus

WRONG = "the code is wrong, expired or used up; request a new one"


@dataclass(frozen=True)
class VerifyOtp:
    mobile: str
    code: str


async def verify_otp(command: VerifyOtp, ctx: AuthContext) -> TokenPair | MfaRequired:
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        await refuse_busy_address(ctx, uow)
        user = await uow.users.by_username(command.mobile)
        # one-time codes are the partner users' way in; staff sign in with a password
        if user is not None and user.kind is not UserKind.EXTERNAL:
            user = None
        otp = None if user is None else await uow.auth.open_otp(user.id)
        if user is None or otp is None or otp.expires_at <= utc_now():
            await uow.auth.count_failure(address_key(), ctx.settings.throttle_window)
            await uow.commit()
            raise InvalidCredentials(WRONG)
        expected = ctx.secrets.keyed_hash(str(user.id), command.code.strip())
        if not hmac.compare_digest(expected, otp.code_hash):
            exhausted = otp.attempts + 1 >= ctx.settings.otp_max_attempts
            await uow.auth.count_otp_attempt(otp.id, consume=exhausted)
            await uow.auth.count_failure(address_key(), ctx.settings.throttle_window)
            await uow.audit.record(
                "otp_failed", tenant_id=user.tenant_id, actor_id=None, subject_type="user", subject_id=user.id
            )
            await uow.commit()
            raise InvalidCredentials(WRONG)
        await uow.auth.count_otp_attempt(otp.id, consume=True)
        if user.status is UserStatus.INVITED:
            user.activate(None)  # proving the mobile number completes a partner user's invitation
        await ensure_may_sign_in(uow, user)
        result = await complete_sign_in(ctx, uow, user)
        await uow.commit()
        return result
