"""HTTP observability: ``GET /metrics``, request metrics per route template, access lines, FastAPI spans."""

from __future__ import annotations

import logging
import re
import time
from typing import Protocol

from fastapi import APIRouter, FastAPI, Request
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.authentication import principal_of
from backend.api.request_id import request_id_of
from backend.core.config import Settings
from backend.core.observability.metrics import observe_http
from backend.core.observability.tracing import configure_tracing

log = logging.getLogger("mandi.access")

UNMATCHED = "unmatched"  # 404s: raw paths would let any client mint new series
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# probes and scrapes: frequent and uninteresting as traces
TRACE_EXCLUDED_URLS = "/metrics$,/health/"
QUIET_PREFIXES = ("/metrics", "/health/")  # their access lines are DEBUG

router = APIRouter(tags=["observability"])


class Exposition(Protocol):
    async def render(self) -> bytes: ...


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition; outside tenant authentication like the health probes."""
    exposition: Exposition = request.app.state.container.metrics
    return Response(await exposition.render(), media_type=CONTENT_TYPE_LATEST)


def route_template(scope: Scope) -> str:
    """The template of the route that served the request, e.g. ``/api/v1/commodities/{commodity_id}``."""
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    # answered before routing (an idempotent replay, a quota refusal): the route it was meant for
    app = scope.get("app")
    if not isinstance(app, FastAPI):
        return UNMATCHED
    for pattern, template, methods in _templates(app):
        if scope["method"] in methods and pattern.match(scope["path"]):
            return template
    return UNMATCHED


def _templates(app: FastAPI) -> list[tuple[re.Pattern[str], str, frozenset[str]]]:
    """The app's route templates as patterns, in routing order (from its OpenAPI document, once)."""
    cached: list[tuple[re.Pattern[str], str, frozenset[str]]] | None = getattr(app.state, "route_templates", None)
    if cached is None:
        cached = [
            (compile_path(template)[0], template, frozenset(method.upper() for method in operations))
            for template, operations in app.openapi().get("paths", {}).items()
        ]
        app.state.route_templates = cached
    return cached


class HttpTelemetryMiddleware:
    """Counts and times every request by method, route template and status class, and logs it.

    It sits outside the request-id and authentication middlewares, so the access line takes the
    request id and the caller from the scope they leave behind.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an error that escapes before a response starts ends as a 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            route = route_template(scope)
            observe_http(method, route, status, seconds)
            _access_line(scope, method, route, status, seconds)


def _access_line(scope: Scope, method: str, route: str, status: int, seconds: float) -> None:
    path = scope["path"]  # never the query string: it may carry what should not be logged
    level = logging.DEBUG if path.startswith(QUIET_PREFIXES) else logging.INFO
    if not log.isEnabledFor(level):
        return
    principal = principal_of(scope)
    fields: dict[str, object] = {
        "route": route,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
    }
    if (request_id := request_id_of(scope)) is not None:
        fields["request_id"] = request_id
    if principal is not None:
        fields["user_id"] = str(principal.user_id)
        fields["tenant_id"] = None if principal.tenant_id is None else str(principal.tenant_id)
    log.log(level, "%s %s %d", method, path, status, extra=fields)


def install_observability(app: FastAPI, settings: Settings) -> None:
    """``/metrics``, request metrics and access lines (unless MANDI_METRICS_ENABLED=false), request spans.

    Call after the other middlewares: the metrics middleware then sits outermost and sees every
    answer, including the ones inner middlewares give without routing.
    """
    if settings.metrics_enabled:
        app.add_middleware(HttpTelemetryMiddleware)
        app.include_router(router)
    if configure_tracing(settings, service="mandi-api"):
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app, excluded_urls=TRACE_EXCLUDED_URLS, exclude_spans=["receive", "send"])
