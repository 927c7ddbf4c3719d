"""Bring every tenant's system roles (or one tenant's) to the catalogue of the running release.

Tenants cannot edit system roles, so when a release adds permissions to one (or a new system role),
tenants created before it would keep the old definitions. This runs after every migration: it
creates missing system roles and sets the others' patterns and description to the catalogue's.
A tenant's own roles are never touched, and a second run changes and records nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from backend.core.errors import FieldError
from backend.core.principal import SYSTEM_SCOPE, DataScope
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.grants import tenant_permission_codes
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.application.session_cache import forget_sessions_in
from backend.modules.identity.domain.errors import InvalidIdentityInput
from backend.modules.identity.domain.rbac import Role, closure
from backend.modules.identity.domain.system_roles import SYSTEM_ROLES

PAGE = 500


@dataclass(frozen=True)
class SyncSystemRoles:
    tenant_id: uuid.UUID | None = None  # None: every tenant


@dataclass(frozen=True)
class SystemRoleCreated:
    tenant_id: uuid.UUID
    role: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class SystemRoleUpdated:
    tenant_id: uuid.UUID
    role: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    description_changed: bool


@dataclass(frozen=True)
class SystemRoleSkipped:
    """A tenant's own role holds the name of a system role (new in this release); it stays the tenant's."""

    tenant_id: uuid.UUID
    role: str
    reason: str


@dataclass(frozen=True)
class SystemRolesSynced:
    tenants_checked: int = 0
    roles_created: tuple[SystemRoleCreated, ...] = ()
    roles_updated: tuple[SystemRoleUpdated, ...] = ()
    skipped: tuple[SystemRoleSkipped, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.roles_created or self.roles_updated)


@dataclass
class _TenantOutcome:
    created: list[SystemRoleCreated] = field(default_factory=list)
    updated: list[SystemRoleUpdated] = field(default_factory=list)
    skipped: list[SystemRoleSkipped] = field(default_factory=list)


async def sync_system_roles(command: SyncSystemRoles, ctx: AuthContext) -> SystemRolesSynced:
    known = tenant_permission_codes()
    _check_catalogue(known)  # a bad catalogue fails before any tenant is touched, even with none
    tenant_ids = [command.tenant_id] if command.tenant_id is not None else await _every_tenant(ctx)
    outcomes = [await _sync_tenant(tenant_id, known, ctx) for tenant_id in tenant_ids]
    return SystemRolesSynced(
        tenants_checked=len(tenant_ids),
        roles_created=tuple(c for o in outcomes for c in o.created),
        roles_updated=tuple(u for o in outcomes for u in o.updated),
        skipped=tuple(s for o in outcomes for s in o.skipped),
    )


def _check_catalogue(known: list[str]) -> None:
    errors = [
        FieldError(f"system_roles.{name}.{error.field}", error.message)
        for name, (_, patterns) in SYSTEM_ROLES.items()
        for error in Role.errors(name, patterns, known)
    ]
    if errors:
        raise InvalidIdentityInput(errors)


async def _every_tenant(ctx: AuthContext) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    after: uuid.UUID | None = None
    while True:
        async with ctx.uow(SYSTEM_SCOPE) as uow:
            page = await uow.tenants.list_after(after, PAGE)
        ids.extend(tenant.id for tenant in page)
        if len(page) < PAGE:
            return ids
        after = page[-1].id


async def _sync_tenant(tenant_id: uuid.UUID, known: list[str], ctx: AuthContext) -> _TenantOutcome:
    """One transaction per tenant: a large installation commits as it goes."""
    outcome = _TenantOutcome()
    async with ctx.uow(DataScope(tenant_id)) as uow:
        # the tenant's row lock makes concurrent runs (two deploys migrating at once) take turns
        await must_get(uow.tenants, tenant_id, "tenant", for_update=True)
        roles = await uow.roles.all_roles()
        by_name = {role.name: role for role in roles.values()}
        regranted: set[uuid.UUID] = set()  # roles whose patterns moved (a description grants nothing)
        for name, (description, patterns) in SYSTEM_ROLES.items():
            role = by_name.get(name)
            if role is None:
                outcome.created.append(await _create(uow, tenant_id, name, description, patterns, known))
            elif not role.system:
                outcome.skipped.append(SystemRoleSkipped(tenant_id, name, "the tenant has its own role of that name"))
            elif updated := await _redefine(uow, role, description, patterns, known):
                outcome.updated.append(updated)
                if updated.added or updated.removed:
                    regranted.add(role.id)
        if not (outcome.created or outcome.updated):
            return outcome  # nothing to write: leaving rolls back, and the lock goes with it
        if regranted:
            # tokens carry grants: make the holders' (and holders of roles inheriting these) stale
            affected = {rid for rid in roles if closure([rid], roles) & regranted}
            await uow.users.bump_authz(await uow.assignments.holders_of(affected))
        await uow.commit()
    if regranted:
        await forget_sessions_in(ctx, tenant_id)  # cached session lookups carry the old authz version
    return outcome


async def _create(
    uow: IdentityUnitOfWork,
    tenant_id: uuid.UUID,
    name: str,
    description: str,
    patterns: tuple[str, ...],
    known: list[str],
) -> SystemRoleCreated:
    role = Role.define(tenant_id, name, description, patterns, (), known, system=True)
    await uow.roles.add(role)
    permissions = tuple(sorted(role.permissions))
    await uow.audit.record(
        "system_role_created",
        tenant_id=tenant_id,
        actor_id=None,
        subject_type="role",
        subject_id=role.id,
        details={"name": name, "added": list(permissions), "removed": [], "source": "system role catalogue"},
    )
    return SystemRoleCreated(tenant_id, name, permissions)


async def _redefine(
    uow: IdentityUnitOfWork, role: Role, description: str, patterns: tuple[str, ...], known: list[str]
) -> SystemRoleUpdated | None:
    change = role.redefine(description, patterns, known)
    if not change.changed:
        return None
    await uow.roles.save(role)
    added, removed = tuple(sorted(change.added)), tuple(sorted(change.removed))
    details: dict[str, object] = {
        "name": role.name,
        "added": list(added),
        "removed": list(removed),
        "source": "system role catalogue",
    }
    if change.previous_description is not None:
        details["description"] = {"from": change.previous_description, "to": role.description}
    await uow.audit.record(
        "system_role_updated",
        tenant_id=role.tenant_id,
        actor_id=None,
        subject_type="role",
        subject_id=role.id,
        details=details,
    )
    return SystemRoleUpdated(role.tenant_id, role.name, added, removed, change.previous_description is not None)
