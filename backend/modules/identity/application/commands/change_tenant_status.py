"""Change a tenant: suspend or reactivate it (its users lose access at once) and set its policies."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.session_cache import forget_sessions_in
from backend.modules.identity.application.views import TenantView, tenant_view
from backend.modules.identity.domain.tenant import TenantPolicyChanges


@dataclass(frozen=True)
class ChangeTenant:
    tenant_id: uuid.UUID
    suspend: bool | None = None  # None: leave the status as it is
    policies: TenantPolicyChanges = field(default_factory=TenantPolicyChanges)


async def change_tenant(command: ChangeTenant, actor: Principal, ctx: AuthContext) -> TenantView:
    async with ctx.uow(actor.data_scope) as uow:
        tenant = await must_get(uow.tenants, command.tenant_id, "tenant", for_update=True)
        actions: list[str] = []
        if command.suspend is not None:
            tenant.suspend() if command.suspend else tenant.reactivate()
            actions.append("tenant_suspended" if command.suspend else "tenant_reactivated")
        if command.policies != TenantPolicyChanges():
            tenant.set_policies(command.policies)
            actions.append("tenant_policies_changed")
        await uow.tenants.save(tenant)
        for action in actions:
            await uow.audit.record(
                action,
                tenant_id=tenant.id,
                actor_id=actor.user_id,
                subject_type="tenant",
                subject_id=tenant.id,
                details={k: v for k, v in vars(command.policies).items() if v is not None},
            )
        await uow.commit()
    if command.suspend is not None:
        await forget_sessions_in(ctx, tenant.id)  # cached session lookups carry the tenant's status
    return tenant_view(tenant)
