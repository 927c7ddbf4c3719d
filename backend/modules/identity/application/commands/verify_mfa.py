"""Second step of a sign-in with two-factor authentication: the TOTP code."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import TooManyRequests
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.sign_in import complete_sign_in, ensure_may_sign_in
from backend.modules.identity.application.tokens import MFA, MfaRequired, TokenPair, verified_claims
from backend.modules.identity.application.totp import matching_step
from backend.modules.identity.domain.errors import InvalidCredentials, InvalidToken

MAX_FAILURES = 5


@dataclass(frozen=True)
class VerifyMfa:
    mfa_token: str
    code: str


async def verify_mfa(command: VerifyMfa, ctx: AuthContext) -> TokenPair | MfaRequired:
    claims = await verified_claims(ctx, command.mfa_token, MFA)
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        user = await uow.users.get(uuid.UUID(claims["sub"]))
        if user is None or not user.totp_enabled or user.totp_secret is None:
            raise InvalidToken("two-factor authentication is not set up for this account")
        key = f"mfa:{user.id}"
        window = ctx.settings.throttle_window
        if await uow.auth.failures(key, window) >= MAX_FAILURES:
            raise TooManyRequests("too many wrong codes; sign in again later", int(window.total_seconds()))
        step = matching_step(ctx.secrets.open(user.totp_secret), command.code)
        if step is None or not user.use_totp_step(step):
            await uow.auth.count_failure(key, window)
            await uow.audit.record(
                "mfa_failed", tenant_id=user.tenant_id, actor_id=user.id, subject_type="user", subject_id=user.id
            )
            await uow.commit()
            raise InvalidCredentials("the code is wrong or expired")
        await uow.auth.clear_failures(key)
        await ensure_may_sign_in(uow, user)
        result = await complete_sign_in(ctx, uow, user, second_factor_done=True)
        await uow.commit()
        return result
