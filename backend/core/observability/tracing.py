"""OpenTelemetry tracing: one TracerProvider per process, configured from settings.

``MANDI_TRACES_EXPORTER`` picks where spans go: ``none`` (tracing off: no SDK, no
instrumentation, trace context still passes through the outbox untouched), ``console`` or
``otlp`` (``MANDI_OTLP_ENDPOINT``, OTLP over HTTP). Trace context crosses process boundaries as a
W3C ``traceparent``: in outbox rows, envelopes and broker message headers.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.core.config import Settings
from backend.core.context import traceparent_var

log = logging.getLogger(__name__)

TRACER_NAME = "mandi"
_PROPAGATOR = TraceContextTextMapPropagator()
_instrumented_clients = False


def tracer() -> trace.Tracer:
    """Mandi's tracer (a proxy until a provider is installed, then the real one)."""
    return trace.get_tracer(TRACER_NAME)


def tracing_active() -> bool:
    """True once an SDK TracerProvider is installed (by configure_tracing, or by a test)."""
    return isinstance(trace.get_tracer_provider(), TracerProvider)


def _exporter(settings: Settings) -> SpanExporter | None:
    if settings.traces_exporter == "console":
        return ConsoleSpanExporter()
    if settings.traces_exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otlp_endpoint
        if endpoint and urlsplit(endpoint).path in ("", "/"):
            endpoint = endpoint.rstrip("/") + "/v1/traces"
        return OTLPSpanExporter(endpoint=endpoint)  # None: OTEL_EXPORTER_OTLP_* or localhost:4318
    return None


def install_provider(processor: SpanProcessor, settings: Settings, service: str) -> TracerProvider:
    """Install the process's TracerProvider (OpenTelemetry allows exactly one) and instrument clients."""
    resource = Resource.create(
        {"service.name": service, "service.namespace": "mandi", "deployment.environment": settings.environment}
    )
    provider = TracerProvider(resource=resource, sampler=ParentBased(TraceIdRatioBased(settings.traces_sample_ratio)))
    provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    instrument_clients()
    return provider


def configure_tracing(settings: Settings, service: str) -> bool:
    """Set up tracing for this process once; returns whether spans are recorded."""
    if tracing_active():
        return True
    exporter = _exporter(settings)
    if exporter is None:
        return False
    install_provider(BatchSpanProcessor(exporter), settings, service)
    log.info("tracing on: %s spans of %s", settings.traces_exporter, service)
    return True


def instrument_clients() -> None:
    """httpx and Redis clients: process-wide, once."""
    global _instrumented_clients
    if _instrumented_clients:
        return
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    HTTPXClientInstrumentor().instrument()
    RedisInstrumentor().instrument()
    _instrumented_clients = True


def instrument_engine(engine: AsyncEngine) -> None:
    """Spans for every statement of ``engine`` (and of engines created later in this process)."""
    if not tracing_active():
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    instrumentor = SQLAlchemyInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(engine=engine.sync_engine)


def current_traceparent() -> str | None:
    """The active span as a W3C traceparent; else the one of the event being handled (tracing off)."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent") or traceparent_var.get()


def context_of(traceparent: str | None) -> otel_context.Context:
    """A fresh context whose parent span is ``traceparent`` (an empty one when absent or malformed)."""
    if not traceparent:
        return otel_context.Context()
    return _PROPAGATOR.extract({"traceparent": traceparent}, context=otel_context.Context())


def trace_headers(traceparent: str | None) -> dict[str, Any]:
    return {"traceparent": traceparent} if traceparent else {}
