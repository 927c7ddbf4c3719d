"""Per-request (or per-message) ambient values that logs and the outbox pick up."""

from __future__ import annotations

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("mandi_request_id", default=None)
client_address_var: ContextVar[str | None] = ContextVar("mandi_client_address", default=None)
