"""Per-tenant request policy in one place: data residency and request-rate quotas.

A tenant's data lives in one region; a deployment serving another region answers 421 so the
client (or gateway) goes to the right one. Each tenant has a token bucket of
``requests_per_minute`` with ``burst`` capacity; an empty bucket answers 429 with Retry-After.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from backend.api.authentication import principal_of
from backend.api.problems import problem_response
from backend.api.request_id import request_id_of
from backend.core.rate_limit import Buckets
from backend.modules.identity.application.queries.tenant_policy import TenantPolicy

EXEMPT = ("/health/", "/metrics", "/.well-known/")


class TenantPolicyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        policy_of: Callable[[uuid.UUID], Awaitable[TenantPolicy | None]],
        buckets: Callable[[], Buckets],
        region: str,
    ) -> None:
        self.app = app
        self._policy_of = policy_of
        self._buckets = buckets
        self._region = region

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = principal_of(scope) if scope["type"] == "http" else None
        if principal is None or principal.tenant_id is None or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        policy = await self._policy_of(principal.tenant_id)
        if policy is not None and policy.region != self._region:
            response = problem_response(
                status=421,
                code="wrong-region",
                title="Tenant served in another region",
                detail=f"this tenant's data resides in region {policy.region}; this deployment serves {self._region}",
                instance=scope["path"],
                request_id=request_id_of(scope),
                extra={"region": policy.region},
            )
            await response(scope, receive, send)
            return
        if policy is not None:
            wait = await self._buckets().take(
                f"tenant:{policy.tenant_id}", policy.requests_per_minute / 60.0, policy.burst
            )
            if wait > 0:
                retry_after = max(1, math.ceil(wait))
                response = problem_response(
                    status=429,
                    code="quota-exceeded",
                    title="Request quota exceeded",
                    detail=f"the tenant's quota is {policy.requests_per_minute} requests a minute; retry later",
                    instance=scope["path"],
                    request_id=request_id_of(scope),
                    extra={"retry_after": retry_after},
                    headers={"Retry-After": str(retry_after)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
