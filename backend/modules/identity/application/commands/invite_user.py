"""Invite a tenant's staff member (internal) or a partner's person (external)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from backend.core.errors import FieldError, Forbidden
from backend.core.principal import Principal, UserKind
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.application.views import UserView, user_view
from backend.modules.identity.domain.errors import InvalidIdentityInput, ResourceNotFound
from backend.modules.identity.domain.user import NewUser, User


@dataclass(frozen=True)
class InviteUser:
    full_name: str
    email: str | None
    mobile: str | None
    partner_id: uuid.UUID | None = None  # given: an external (partner) user
    tenant_id: uuid.UUID | None = None  # the platform operator names the tenant; others invite into their own


async def send_activation(ctx: AuthContext, uow: IdentityUnitOfWork, user: User) -> None:
    """E-mail users get an activation link token; mobile-only (partner) users activate by OTP sign-in."""
    if user.email is None:
        return
    token = secrets.token_urlsafe(32)
    await uow.auth.add_action_token(user.id, "activation", token, ctx.settings.activation_ttl)
    await uow.auth.deliver("email", user.email, f"Welcome to Mandi. Activate your account with this code: {token}")


async def invite_user(command: InviteUser, actor: Principal, ctx: AuthContext) -> UserView:
    if actor.kind is not UserKind.PLATFORM and command.tenant_id not in (None, actor.tenant_id):
        raise ResourceNotFound("tenant", command.tenant_id)  # another tenant's: as if absent
    tenant_id = actor.tenant_id if actor.kind is not UserKind.PLATFORM else command.tenant_id
    if tenant_id is None:
        raise InvalidIdentityInput([FieldError("tenant_id", "name the tenant the user belongs to")])
    if actor.kind is UserKind.EXTERNAL and command.partner_id != actor.partner_id:
        # a partner's people may add people of their own partner only (sub-users are the usual way)
        raise Forbidden("a partner user can invite only people of its own partner")
    kind = UserKind.EXTERNAL if command.partner_id else UserKind.INTERNAL
    user = User.register(
        NewUser(
            kind,
            tenant_id,
            command.partner_id,
            command.email,
            command.mobile,
            command.full_name,
            created_by=actor.user_id,
        )
    )
    async with ctx.uow(actor.data_scope) as uow:
        await uow.users.add(user)
        await send_activation(ctx, uow, user)
        await uow.audit.record(
            "user_invited",
            tenant_id=tenant_id,
            actor_id=actor.user_id,
            subject_type="user",
            subject_id=user.id,
            details={"kind": str(kind)},
        )
        await uow.commit()
    return user_view(user)
