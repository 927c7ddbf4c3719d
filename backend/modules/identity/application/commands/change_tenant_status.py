"""Suspend a tenant (its users can no longer sign in or use tokens) or reactivate it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.views import TenantView, tenant_view


@dataclass(frozen=True)
class ChangeTenantStatus:
    tenant_id: uuid.UUID
    suspend: bool


async def change_tenant_status(command: ChangeTenantStatus, actor: Principal, ctx: AuthContext) -> TenantView:
    async with ctx.uow(actor.data_scope) as uow:
        tenant = await must_get(uow.tenants, command.tenant_id, "tenant", for_update=True)
        tenant.suspend() if command.suspend else tenant.reactivate()
        await uow.tenants.save(tenant)
        action = "tenant_suspended" if command.suspend else "tenant_reactivated"
        await uow.audit.record(
            action, tenant_id=tenant.id, actor_id=actor.user_id, subject_type="tenant", subject_id=tenant.id
        )
        await uow.commit()
    return tenant_view(tenant)
