"""Disable, enable or unlock a user; disabling ends every session of that user at once."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.session_cache import forget_sessions_of
from backend.modules.identity.application.views import UserView, user_view
from backend.modules.identity.domain.errors import StateConflict


class StatusChange(enum.StrEnum):
    DISABLE = "disable"
    ENABLE = "enable"
    UNLOCK = "unlock"


AUDIT_ACTION = {
    StatusChange.DISABLE: "user_disabled",
    StatusChange.ENABLE: "user_enabled",
    StatusChange.UNLOCK: "user_unlocked",
}


@dataclass(frozen=True)
class ChangeUserStatus:
    user_id: uuid.UUID
    change: StatusChange


async def change_user_status(command: ChangeUserStatus, actor: Principal, ctx: AuthContext) -> UserView:
    if command.change is StatusChange.DISABLE and command.user_id == actor.user_id:
        raise StateConflict("you cannot disable your own account")
    async with ctx.uow(actor.data_scope) as uow:
        user = await must_get(uow.users, command.user_id, "user", for_update=True)
        if command.change is StatusChange.DISABLE:
            user.disable()
            await uow.auth.revoke_sessions_of(user.id, "user disabled")
        elif command.change is StatusChange.ENABLE:
            user.enable()
        else:
            user.unlock()
        await uow.users.save(user)
        await uow.audit.record(
            AUDIT_ACTION[command.change],
            tenant_id=user.tenant_id,
            actor_id=actor.user_id,
            subject_type="user",
            subject_id=user.id,
        )
        await uow.commit()
    await forget_sessions_of(ctx, user.id)
    return user_view(user)
