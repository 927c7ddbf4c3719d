"""An invited user sets a password with the activation code and becomes active."""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.views import UserView, user_view
from backend.modules.identity.domain.errors import InvalidToken, WeakPassword
from backend.modules.identity.domain.passwords import password_problems


@dataclass(frozen=True)
class ActivateUser:
    token: str
    password: str


async def activate_user(command: ActivateUser, ctx: AuthContext) -> UserView:
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        user_id = await uow.auth.use_action_token(command.token, "activation")
        if user_id is None:
            raise InvalidToken("the activation code is unknown, used or expired; ask for a new invitation")
        user = await must_get(uow.users, user_id, "user")
        if problems := password_problems(command.password, email=user.email):
            raise WeakPassword(problems)
        user.activate(await ctx.hasher.hash(command.password))
        await uow.users.save(user)
        await uow.audit.record(
            "user_activated", tenant_id=user.tenant_id, actor_id=user.id, subject_type="user", subject_id=user.id
        )
        await uow.commit()
    return user_view(user)
