"""Liveness (the process answers) and readiness (it can serve: database up, schema at head)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from backend.api.deps import services
from backend.api.problems import problem_response
from backend.api.request_id import request_id_of

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
async def live() -> dict[str, str]:
    return {"status": "live"}


@router.get("/ready", response_model=None)
async def ready(request: Request) -> dict[str, object] | Response:
    checks = await services(request).readiness()
    failing = {name: result for name, result in checks.items() if result != "ok"}
    if failing:
        reasons = "; ".join(f"{name}: {reason}" for name, reason in failing.items())
        return problem_response(
            status=503,
            code="not-ready",
            title="Service not ready",
            detail=reasons,
            instance=request.url.path,
            request_id=request_id_of(request.scope),
            extra={"checks": checks},
            headers={"Retry-After": "5"},
        )
    return {"status": "ready", "checks": checks}
