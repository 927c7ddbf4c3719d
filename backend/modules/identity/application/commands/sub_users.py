"""A partner's user creates sub-users who act for the same partner with a subset of its roles."""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.clock import utc_now
from backend.core.errors import Forbidden
from backend.core.principal import Principal, UserKind
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.commands.assignments import check_separation_of_duty
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.views import UserView, user_view
from backend.modules.identity.domain.errors import SubUserLimitReached
from backend.modules.identity.domain.rbac import RoleAssignment
from backend.modules.identity.domain.user import NewUser, User


@dataclass(frozen=True)
class CreateSubUser:
    full_name: str
    mobile: str
    email: str | None = None
    roles: tuple[str, ...] = ()  # names of roles the creator holds; empty: all of them


async def create_sub_user(command: CreateSubUser, actor: Principal, ctx: AuthContext) -> UserView:
    if actor.kind is not UserKind.EXTERNAL:
        raise Forbidden("only a partner's user can create sub-users")
    async with ctx.uow(actor.data_scope) as uow:
        parent = await must_get(uow.users, actor.user_id, "user", for_update=True)  # serialises the limit check
        if parent.is_sub_user:
            raise Forbidden("a sub-user cannot create sub-users")
        tenant = await must_get(uow.tenants, actor.tenant_id, "tenant")  # type: ignore[arg-type]
        if await uow.users.count_sub_users(parent.id) >= tenant.sub_user_limit:
            raise SubUserLimitReached(tenant.sub_user_limit)
        roles = await uow.roles.all_roles()
        held = [a for a in await uow.assignments.active_for(parent.id) if a.active(utc_now())]
        wanted = set(command.roles) or {roles[a.role_id].name for a in held}
        granted = [a for a in held if roles[a.role_id].name in wanted]
        extra = wanted - {roles[a.role_id].name for a in granted}
        if extra:
            raise Forbidden(f"a sub-user can only get roles you hold; you do not hold {', '.join(sorted(extra))}")
        sub = User.register(
            NewUser(
                UserKind.EXTERNAL,
                parent.tenant_id,
                parent.partner_id,
                command.email,
                command.mobile,
                command.full_name,
                parent_user_id=parent.id,
                created_by=parent.id,
            )
        )
        await uow.users.add(sub)
        for assignment in granted:
            await check_separation_of_duty(uow, sub.id, assignment.role_id, roles)
            await uow.assignments.add(
                RoleAssignment.grant(
                    assignment.tenant_id,
                    sub.id,
                    roles[assignment.role_id],
                    assignment.branch_ids,
                    assignment.commodity_ids,
                    assignment.expires_at,
                    parent.id,
                )
            )
        await uow.audit.record(
            "sub_user_created",
            tenant_id=sub.tenant_id,
            actor_id=parent.id,
            subject_type="user",
            subject_id=sub.id,
            details={"roles": sorted(wanted)},
        )
        await uow.commit()
    return user_view(sub)
