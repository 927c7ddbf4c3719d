"""Tracing into memory, log capture through Mandi's own formatter, metric readings as deltas."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from backend.core.config import Settings
from backend.core.observability.logs import formatter
from backend.core.observability.metrics import REGISTRY
from backend.core.observability.tracing import install_provider, tracing_active

# the NATS server of the broker tests, for the trace across the broker
from tests.integration.messaging.conftest import nats_server, stream_prefix  # noqa: F401


@pytest.fixture(scope="package")
def span_exporter(settings: Settings) -> Iterator[InMemorySpanExporter]:
    """Spans of this package's tests; the process keeps one provider, so later spans are dropped."""
    exporter = InMemorySpanExporter()
    if tracing_active():
        provider = trace.get_tracer_provider()
        assert isinstance(provider, TracerProvider)
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        install_provider(SimpleSpanProcessor(exporter), settings, "mandi-test")
    yield exporter
    exporter.shutdown()


@pytest.fixture
def spans(span_exporter: InMemorySpanExporter) -> Iterator[InMemorySpanExporter]:
    span_exporter.clear()
    yield span_exporter
    span_exporter.clear()


class Captured:
    """What Mandi's handler would have written, once as JSON and once as console lines."""

    def __init__(self) -> None:
        self.json_stream = io.StringIO()
        self.console_stream = io.StringIO()
        self.handlers = []
        for stream, as_json in ((self.json_stream, True), (self.console_stream, False)):
            handler = logging.StreamHandler(stream)
            handler.setFormatter(formatter(json=as_json))
            handler.setLevel(logging.DEBUG)
            self.handlers.append(handler)

    @property
    def text(self) -> str:
        return self.json_stream.getvalue() + self.console_stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.json_stream.getvalue().splitlines() if line.strip()]

    def lines(self, event: str) -> list[dict[str, Any]]:
        return [record for record in self.records() if record.get("event") == event]


@pytest.fixture
def captured_logs() -> Iterator[Captured]:
    """Every log line at DEBUG and above, rendered by Mandi's formatter (redaction included)."""
    captured = Captured()
    root = logging.getLogger()
    level = root.level
    for handler in captured.handlers:
        root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield captured
    finally:
        for handler in captured.handlers:
            root.removeHandler(handler)
        root.setLevel(level)


def reading(name: str, **labels: str) -> float:
    """A process-wide metric sample's current value (0 when the series does not exist yet)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0
