"""Create a platform operator (no tenant, no partner): the bootstrap of a new installation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import SYSTEM_SCOPE, UserKind
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.domain.errors import WeakPassword
from backend.modules.identity.domain.passwords import password_problems
from backend.modules.identity.domain.user import NewUser, User


@dataclass(frozen=True)
class CreatePlatformAdmin:
    email: str
    password: str
    full_name: str = "Platform operator"


async def create_platform_admin(command: CreatePlatformAdmin, ctx: AuthContext) -> uuid.UUID:
    if problems := password_problems(command.password, email=command.email):
        raise WeakPassword(problems)
    user = User.register(
        NewUser(UserKind.PLATFORM, None, None, command.email, None, command.full_name),
        password_hash=await ctx.hasher.hash(command.password),
    )
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        await uow.users.add(user)
        await uow.audit.record(
            "platform_admin_created", tenant_id=None, actor_id=None, subject_type="user", subject_id=user.id
        )
        await uow.commit()
    return user.id
