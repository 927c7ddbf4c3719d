"""Per-request (or per-message) ambient values that logs and the outbox pick up."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("mandi_request_id", default=None)
client_address_var: ContextVar[str | None] = ContextVar("mandi_client_address", default=None)
actor_id_var: ContextVar[str | None] = ContextVar("mandi_actor_id", default=None)
tenant_id_var: ContextVar[str | None] = ContextVar("mandi_tenant_id", default=None)
# the event being handled, so what a handler publishes names its cause
causation_id_var: ContextVar[str | None] = ContextVar("mandi_causation_id", default=None)
traceparent_var: ContextVar[str | None] = ContextVar("mandi_traceparent", default=None)
