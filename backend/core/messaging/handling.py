"""The ambient context while a subscriber handles an event: its trace, tenant and cause."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from backend.core.context import (
    actor_id_var,
    causation_id_var,
    request_id_var,
    tenant_id_var,
    traceparent_var,
)
from backend.core.messaging.envelope import Envelope


@contextlib.contextmanager
def handling(envelope: Envelope) -> Iterator[None]:
    """Logs carry the original request id; events the handler publishes name this one as cause."""
    tokens = [
        (request_id_var, request_id_var.set(envelope.correlation_id)),
        (causation_id_var, causation_id_var.set(str(envelope.event_id))),
        (tenant_id_var, tenant_id_var.set(envelope.tenant_id)),
        (actor_id_var, actor_id_var.set(envelope.actor_id)),
        (traceparent_var, traceparent_var.set(envelope.traceparent)),
    ]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
