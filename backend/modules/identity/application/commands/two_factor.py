"""Turn on TOTP two-factor authentication: set up a secret, then prove it with a code."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp

from backend.core.errors import FieldError
from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.totp import matching_step
from backend.modules.identity.domain.errors import InvalidIdentityInput

ISSUER = "Mandi"


@dataclass(frozen=True)
class TotpSetup:
    secret: str
    provisioning_uri: str


async def start_two_factor(actor: Principal, ctx: AuthContext) -> TotpSetup:
    secret = pyotp.random_base32()
    async with ctx.uow(actor.data_scope) as uow:
        user = await must_get(uow.users, actor.user_id, "user")
        user.start_totp(ctx.secrets.seal(secret))
        await uow.users.save(user)
        await uow.commit()
    name = user.email or user.mobile or str(user.id)
    return TotpSetup(secret, pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER))


async def confirm_two_factor(code: str, actor: Principal, ctx: AuthContext) -> None:
    async with ctx.uow(actor.data_scope) as uow:
        user = await must_get(uow.users, actor.user_id, "user")
        step = None if user.totp_secret is None else matching_step(ctx.secrets.open(user.totp_secret), code)
        if step is None or not user.use_totp_step(step):
            message = "the code does not match; check the authenticator app's clock"
            raise InvalidIdentityInput([FieldError("code", message)])
        user.confirm_totp()
        await uow.users.save(user)
        await uow.audit.record(
            "two_factor_enabled", tenant_id=user.tenant_id, actor_id=user.id, subject_type="user", subject_id=user.id
        )
        await uow.commit()
