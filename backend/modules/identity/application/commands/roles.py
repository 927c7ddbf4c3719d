"""Define, change and delete a tenant's roles (system roles are fixed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import FieldError, PreconditionFailed
from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.grants import tenant_permission_codes
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.application.session_cache import forget_sessions_in
from backend.modules.identity.application.views import RoleView, role_view
from backend.modules.identity.domain.errors import InvalidIdentityInput, RoleCycle, StateConflict
from backend.modules.identity.domain.rbac import Role, find_cycle


@dataclass(frozen=True)
class DefineRole:
    name: str
    description: str
    permissions: tuple[str, ...]
    inherits: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class ChangeRole:
    role_id: uuid.UUID
    expected_version: int | None
    description: str | None = None
    permissions: tuple[str, ...] | None = None
    inherits: tuple[uuid.UUID, ...] | None = None


def _tenant(actor: Principal) -> uuid.UUID:
    if actor.tenant_id is None:
        raise InvalidIdentityInput([FieldError("tenant", "roles belong to a tenant; sign in as one of its users")])
    return actor.tenant_id


async def _check_parents(uow: IdentityUnitOfWork, role: Role, inherits: tuple[uuid.UUID, ...]) -> None:
    roles = await uow.roles.all_roles()
    unknown = [str(rid) for rid in inherits if rid not in roles]
    if unknown:
        raise InvalidIdentityInput([FieldError("inherits", f"no such role: {', '.join(unknown)}")])
    if loop := find_cycle(role, inherits, roles):
        raise RoleCycle(loop)


async def define_role(command: DefineRole, actor: Principal, ctx: AuthContext) -> RoleView:
    role = Role.define(
        _tenant(actor),
        command.name,
        command.description,
        command.permissions,
        command.inherits,
        tenant_permission_codes(),
    )
    async with ctx.uow(actor.data_scope) as uow:
        await _check_parents(uow, role, command.inherits)
        await uow.roles.add(role)
        await uow.audit.record(
            "role_defined",
            tenant_id=role.tenant_id,
            actor_id=actor.user_id,
            subject_type="role",
            subject_id=role.id,
            details={"name": role.name, "permissions": sorted(role.permissions)},
        )
        await uow.commit()
    return role_view(role)


async def change_role(command: ChangeRole, actor: Principal, ctx: AuthContext) -> RoleView:
    async with ctx.uow(actor.data_scope) as uow:
        role = await must_get(uow.roles, command.role_id, "role")
        if command.expected_version is not None and role.version != command.expected_version:
            raise PreconditionFailed(
                f"role {role.name} is at version {role.version}, not {command.expected_version}",
                extra={"current_version": role.version},
            )
        if command.inherits is not None:
            await _check_parents(uow, role, command.inherits)
        role.change(command.description, command.permissions, command.inherits, tenant_permission_codes())
        await uow.roles.save(role)
        # everyone holding this role (or a role inheriting it) must pick up the change
        roles = await uow.roles.all_roles()
        affected = {rid for rid, r in roles.items() if rid == role.id or _inherits(rid, role.id, roles)}
        await uow.users.bump_authz(await uow.assignments.holders_of(affected))
        await uow.audit.record(
            "role_changed",
            tenant_id=role.tenant_id,
            actor_id=actor.user_id,
            subject_type="role",
            subject_id=role.id,
            details={"permissions": sorted(role.permissions)},
        )
        await uow.commit()
    await forget_sessions_in(ctx, role.tenant_id)  # its holders' grants changed
    return role_view(role)


def _inherits(role_id: uuid.UUID, ancestor: uuid.UUID, roles: dict[uuid.UUID, Role]) -> bool:
    from backend.modules.identity.domain.rbac import closure

    return ancestor in closure([role_id], roles)


async def delete_role(role_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> None:
    async with ctx.uow(actor.data_scope) as uow:
        role = await must_get(uow.roles, role_id, "role")
        if role.system:
            raise StateConflict(f"{role.name} is a system role and cannot be deleted")
        if await uow.assignments.in_use(role.id):
            raise StateConflict(
                f"role {role.name} has been assigned and stays for the record of who held it;"
                " stop assigning it, or change its permissions instead"
            )
        heirs = [r.name for r in (await uow.roles.all_roles()).values() if role.id in r.inherits]
        if heirs:
            raise StateConflict(f"roles {', '.join(sorted(heirs))} inherit {role.name}; change them first")
        await uow.roles.remove(role.id)
        await uow.audit.record(
            "role_deleted",
            tenant_id=role.tenant_id,
            actor_id=actor.user_id,
            subject_type="role",
            subject_id=role.id,
            details={"name": role.name},
        )
        await uow.commit()
