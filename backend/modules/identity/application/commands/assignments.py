"""Give a role to a user (scoped, expiring, checked against separation of duty) or revoke it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from backend.core.clock import utc_now
from backend.core.errors import FieldError
from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.application.session_cache import forget_sessions_of
from backend.modules.identity.application.views import AssignmentView, assignment_view
from backend.modules.identity.domain.errors import InvalidIdentityInput, SeparationOfDutyConflict
from backend.modules.identity.domain.rbac import Role, RoleAssignment, closure


@dataclass(frozen=True)
class AssignRole:
    user_id: uuid.UUID
    role_id: uuid.UUID
    branch_ids: tuple[uuid.UUID, ...] = ()
    commodity_ids: tuple[uuid.UUID, ...] = ()
    expires_at: datetime | None = None


async def check_separation_of_duty(
    uow: IdentityUnitOfWork, user_id: uuid.UUID, new_role: uuid.UUID, roles: dict[uuid.UUID, Role]
) -> None:
    held = {a.role_id for a in await uow.assignments.active_for(user_id) if a.active(utc_now())}
    would_hold = closure(held | {new_role}, roles)
    for constraint in await uow.sod.all():
        if constraint.violated_by(would_hold):
            names = sorted(roles[rid].name for rid in constraint.held(would_hold))
            raise SeparationOfDutyConflict(constraint.name, names)


async def assign_role(command: AssignRole, actor: Principal, ctx: AuthContext) -> AssignmentView:
    async with ctx.uow(actor.data_scope) as uow:
        user = await must_get(uow.users, command.user_id, "user", for_update=True)  # serialises assignments
        role = await must_get(uow.roles, command.role_id, "role")
        missing = set(command.branch_ids) - await uow.branches.existing(set(command.branch_ids))
        if missing:
            raise InvalidIdentityInput(
                [FieldError("branch_ids", f"no such branch: {', '.join(map(str, sorted(missing)))}")]
            )
        if command.commodity_ids and ctx.commodities is not None:
            known = await ctx.commodities(actor.data_scope).existing(set(command.commodity_ids))
            unknown = sorted(str(c) for c in set(command.commodity_ids) - known)
            if unknown:
                raise InvalidIdentityInput([FieldError("commodity_ids", f"no such commodity: {', '.join(unknown)}")])
        assert user.tenant_id is not None
        await check_separation_of_duty(uow, user.id, role.id, await uow.roles.all_roles())
        assignment = RoleAssignment.grant(
            user.tenant_id, user.id, role, command.branch_ids, command.commodity_ids, command.expires_at, actor.user_id
        )
        await uow.assignments.add(assignment)
        await uow.users.bump_authz({user.id})
        await uow.audit.record(
            "role_assigned",
            tenant_id=user.tenant_id,
            actor_id=actor.user_id,
            subject_type="user",
            subject_id=user.id,
            details={
                "role": role.name,
                "assignment_id": str(assignment.id),
                "branch_ids": sorted(map(str, command.branch_ids)),
                "commodity_ids": sorted(map(str, command.commodity_ids)),
            },
        )
        await uow.commit()
    await forget_sessions_of(ctx, user.id)
    return assignment_view(assignment, utc_now())


async def revoke_assignment(assignment_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> AssignmentView:
    async with ctx.uow(actor.data_scope) as uow:
        assignment = await must_get(uow.assignments, assignment_id, "assignment", for_update=True)
        assignment.revoke(actor.user_id)
        await uow.assignments.save(assignment)
        await uow.users.bump_authz({assignment.user_id})
        await uow.audit.record(
            "role_revoked",
            tenant_id=assignment.tenant_id,
            actor_id=actor.user_id,
            subject_type="user",
            subject_id=assignment.user_id,
            details={"assignment_id": str(assignment.id)},
        )
        await uow.commit()
    await forget_sessions_of(ctx, assignment.user_id)
    return assignment_view(assignment, utc_now())
