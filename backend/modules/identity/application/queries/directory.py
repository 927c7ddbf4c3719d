"""Reads of identity's directory: tenants, branches, users, roles, assignments, SoD sets, audit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.clock import utc_now
from backend.core.permissions import all_permissions
from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.views import (
    AssignmentView,
    AuditEntry,
    BranchView,
    RoleView,
    SodView,
    TenantView,
    UserView,
    assignment_view,
    branch_view,
    role_view,
    sod_view,
    tenant_view,
    user_view,
)
from backend.modules.identity.domain.errors import ResourceNotFound


@dataclass(frozen=True)
class Me:
    user: UserView
    roles: tuple[str, ...]
    permissions: tuple[str, ...]


async def me(actor: Principal, ctx: AuthContext) -> Me:
    async with ctx.uow(actor.data_scope) as uow:
        user = await must_get(uow.users, actor.user_id, "user")
    return Me(user_view(user), tuple(sorted(actor.roles)), tuple(sorted(actor.grants)))


async def list_tenants(actor: Principal, ctx: AuthContext, after: uuid.UUID | None, limit: int) -> list[TenantView]:
    async with ctx.uow(actor.data_scope) as uow:
        return [tenant_view(t) for t in await uow.tenants.list_after(after, limit)]


async def get_tenant(tenant_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> TenantView:
    async with ctx.uow(actor.data_scope) as uow:
        return tenant_view(await must_get(uow.tenants, tenant_id, "tenant"))


BRANCHES_READ = "branches.read"


async def list_branches(actor: Principal, ctx: AuthContext, after: str | None, limit: int) -> list[BranchView]:
    """Only the branches the caller's ``branches.read`` grants cover."""
    async with ctx.uow(actor.data_scope) as uow:
        rows = await uow.branches.list_after(after, limit, actor.permitted_branches(BRANCHES_READ))
    return [branch_view(b) for b in rows]


async def get_branch(branch_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> BranchView:
    permitted = actor.permitted_branches(BRANCHES_READ)
    if permitted is not None and branch_id not in permitted:
        raise ResourceNotFound("branch", branch_id)  # outside the caller's branches: as if absent
    async with ctx.uow(actor.data_scope) as uow:
        return branch_view(await must_get(uow.branches, branch_id, "branch"))


async def list_users(actor: Principal, ctx: AuthContext, after: uuid.UUID | None, limit: int) -> list[UserView]:
    async with ctx.uow(actor.data_scope) as uow:
        return [user_view(u) for u in await uow.users.list_after(after, limit)]


async def get_user(user_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> UserView:
    async with ctx.uow(actor.data_scope) as uow:
        return user_view(await must_get(uow.users, user_id, "user"))


async def list_roles(actor: Principal, ctx: AuthContext) -> list[RoleView]:
    async with ctx.uow(actor.data_scope) as uow:
        roles = await uow.roles.all_roles()
    return sorted((role_view(r) for r in roles.values()), key=lambda r: r.name)


async def get_role(role_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> RoleView:
    async with ctx.uow(actor.data_scope) as uow:
        return role_view(await must_get(uow.roles, role_id, "role"))


async def list_assignments(
    actor: Principal, ctx: AuthContext, after: uuid.UUID | None, limit: int, user_id: uuid.UUID | None
) -> list[AssignmentView]:
    async with ctx.uow(actor.data_scope) as uow:
        rows = await uow.assignments.list_after(after, limit, user_id)
    now = utc_now()
    return [assignment_view(a, now) for a in rows]


async def get_assignment(assignment_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> AssignmentView:
    async with ctx.uow(actor.data_scope) as uow:
        return assignment_view(await must_get(uow.assignments, assignment_id, "assignment"), utc_now())


async def list_sod(actor: Principal, ctx: AuthContext) -> list[SodView]:
    async with ctx.uow(actor.data_scope) as uow:
        return [sod_view(s) for s in await uow.sod.all()]


async def list_audit(
    actor: Principal, ctx: AuthContext, after: int | None, limit: int, action: str | None
) -> list[AuditEntry]:
    async with ctx.uow(actor.data_scope) as uow:
        return await uow.audit.page(after, limit, action)


def list_permissions() -> list[tuple[str, str, bool, bool]]:
    return [(p.code, p.description, p.scoped, p.platform_only) for p in all_permissions()]
