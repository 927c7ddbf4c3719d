"""Set up a tenant with its system roles and, optionally, its first tenant admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from backend.core.principal import SYSTEM_SCOPE, UserKind
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.grants import tenant_permission_codes
from backend.modules.identity.application.views import TenantView, tenant_view
from backend.modules.identity.domain.errors import WeakPassword
from backend.modules.identity.domain.passwords import password_problems
from backend.modules.identity.domain.rbac import Role, RoleAssignment
from backend.modules.identity.domain.system_roles import SYSTEM_ROLES, TENANT_ADMIN
from backend.modules.identity.domain.tenant import Tenant, TenantPolicyChanges
from backend.modules.identity.domain.user import NewUser, User


@dataclass(frozen=True)
class TenantAdmin:
    email: str
    password: str
    full_name: str = "Tenant administrator"


@dataclass(frozen=True)
class CreateTenant:
    name: str
    country: str
    base_currency: str
    time_zone: str = "Asia/Kolkata"
    admin: TenantAdmin | None = None
    actor_id: uuid.UUID | None = None
    policies: TenantPolicyChanges = field(default_factory=TenantPolicyChanges)


@dataclass(frozen=True)
class TenantCreated:
    tenant: TenantView
    admin_user_id: uuid.UUID | None


async def create_tenant(command: CreateTenant, ctx: AuthContext) -> TenantCreated:
    tenant = Tenant.create(command.name, command.country, command.base_currency, command.time_zone)
    if command.policies != TenantPolicyChanges():
        tenant.set_policies(command.policies)
    if command.admin and (problems := password_problems(command.admin.password, email=command.admin.email)):
        raise WeakPassword(problems, field="admin_password")
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        await uow.tenants.add(tenant)
        known = tenant_permission_codes()
        roles = {
            name: Role.define(tenant.id, name, description, patterns, (), known, system=True)
            for name, (description, patterns) in SYSTEM_ROLES.items()
        }
        for role in roles.values():
            await uow.roles.add(role)
        admin_id = None
        if command.admin is not None:
            admin = User.register(
                NewUser(
                    UserKind.INTERNAL,
                    tenant.id,
                    None,
                    command.admin.email,
                    None,
                    command.admin.full_name,
                    created_by=command.actor_id,
                ),
                password_hash=await ctx.hasher.hash(command.admin.password),
            )
            await uow.users.add(admin)
            await uow.assignments.add(
                RoleAssignment.grant(tenant.id, admin.id, roles[TENANT_ADMIN], (), (), None, command.actor_id)
            )
            admin_id = admin.id
        await uow.audit.record(
            "tenant_created",
            tenant_id=tenant.id,
            actor_id=command.actor_id,
            subject_type="tenant",
            subject_id=tenant.id,
            details={"name": tenant.name},
        )
        await uow.commit()
    return TenantCreated(tenant_view(tenant), admin_id)
