"""The request policy of a tenant (residency, quota, status), cached briefly in each process."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.auth_context import AuthContext

CACHE_SECONDS = 30.0  # a policy change reaches every process within this


@dataclass(frozen=True)
class TenantPolicy:
    tenant_id: uuid.UUID
    region: str
    requests_per_minute: int
    burst: int
    locale: str
    time_zone: str
    currency: str


class TenantPolicies:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx
        self._cache: dict[uuid.UUID, tuple[TenantPolicy | None, float]] = {}

    async def of(self, tenant_id: uuid.UUID) -> TenantPolicy | None:
        cached = self._cache.get(tenant_id)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        async with self._ctx.uow(SYSTEM_SCOPE) as uow:
            tenant = await uow.tenants.get(tenant_id)
        policy = None
        if tenant is not None:
            policy = TenantPolicy(
                tenant.id,
                tenant.region,
                tenant.requests_per_minute,
                tenant.burst,
                tenant.locale,
                tenant.time_zone,
                tenant.base_currency,
            )
        self._cache[tenant_id] = (policy, time.monotonic() + CACHE_SECONDS)
        return policy

    def forget(self, tenant_id: uuid.UUID) -> None:
        self._cache.pop(tenant_id, None)
