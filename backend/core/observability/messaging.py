"""Trace context and metrics around the message bus: one trace from request to consumer.

The unit of work stores the active span as ``traceparent`` in the outbox row. The relay
publishes each event in a PRODUCER span whose parent is that traceparent and hands the event on
with the publish span as its new traceparent (in the envelope, and in the broker's message
headers); each subscriber then handles it in a CONSUMER span under the publish span.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from opentelemetry import context as otel_context
from opentelemetry.trace import SpanKind

from backend.core.messaging.envelope import Envelope
from backend.core.observability.metrics import (
    CONSUMER_DURATION,
    CONSUMER_FAILURES,
    OUTBOX_PUBLISH_FAILURES,
    OUTBOX_PUBLISHED,
)
from backend.core.observability.tracing import context_of, current_traceparent, tracer


def _attributes(envelope: Envelope) -> dict[str, str]:
    return {
        "messaging.system": "mandi",
        "messaging.destination.name": envelope.wire_name,
        "messaging.message.id": str(envelope.event_id),
        "mandi.aggregate_type": envelope.aggregate_type,
        "mandi.aggregate_id": envelope.aggregate_id,
    }


@contextlib.contextmanager
def _in_trace_of(traceparent: str | None) -> Iterator[None]:
    # the message's own trace, not whatever the relay's polling loop runs in (whose statements are
    # not traced); a fresh context also lifts that suppression for the handlers' statements
    token = otel_context.attach(context_of(traceparent))
    try:
        yield
    finally:
        otel_context.detach(token)


@contextlib.contextmanager
def publishing(envelope: Envelope) -> Iterator[Envelope]:
    """Wrap one relay delivery; yields the envelope to publish, carrying the publish span's traceparent."""
    with (
        _in_trace_of(envelope.traceparent),
        tracer().start_as_current_span(
            f"{envelope.wire_name} publish", kind=SpanKind.PRODUCER, attributes=_attributes(envelope)
        ),
    ):
        try:
            yield envelope.model_copy(update={"traceparent": current_traceparent() or envelope.traceparent})
        except Exception:
            OUTBOX_PUBLISH_FAILURES.labels(envelope.context).inc()
            raise
        OUTBOX_PUBLISHED.labels(envelope.context).inc()


@contextlib.contextmanager
def consuming(envelope: Envelope, consumer: str, traceparent: str | None = None) -> Iterator[None]:
    """Wrap one subscriber handling ``envelope``: a CONSUMER span, its duration and failures.

    ``traceparent`` (from the broker's message headers) wins over the envelope's own.
    """
    attributes = {**_attributes(envelope), "messaging.consumer.group.name": consumer}
    started = time.perf_counter()
    try:
        with (
            _in_trace_of(traceparent or envelope.traceparent),
            tracer().start_as_current_span(
                f"{envelope.wire_name} process", kind=SpanKind.CONSUMER, attributes=attributes
            ),
        ):
            yield
    except Exception:
        CONSUMER_FAILURES.labels(envelope.wire_name, consumer).inc()
        raise
    finally:
        CONSUMER_DURATION.labels(envelope.wire_name, consumer).observe(time.perf_counter() - started)
