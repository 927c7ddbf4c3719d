"""Tracing from settings: off by default, spans exported where MANDI_TRACES_EXPORTER says."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from backend.core.config import Settings
from backend.core.observability.tracing import _exporter

# a process of its own: OpenTelemetry allows one provider per process, and this one has the tests'
SCRIPT = textwrap.dedent(
    """
    from backend.core.config import Settings
    from backend.core.observability.tracing import configure_tracing, current_traceparent, tracer
    from opentelemetry import trace

    settings = Settings(traces_exporter="{exporter}", environment="production")
    print("ACTIVE", configure_tracing(settings, service="mandi-api"))
    with tracer().start_as_current_span("probe-span"):
        print("TRACEPARENT", current_traceparent())
    provider = trace.get_tracer_provider()
    if hasattr(provider, "shutdown"):
        provider.shutdown()
    """
)


def run(exporter: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(exporter=exporter)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_console_exporter_writes_the_spans_with_the_service_name() -> None:
    output = run("console")
    assert "ACTIVE True" in output
    span = json.loads(output[output.index("{") : output.rindex("}") + 1])
    assert span["name"] == "probe-span"
    assert span["resource"]["attributes"]["service.name"] == "mandi-api"
    assert span["resource"]["attributes"]["deployment.environment"] == "production"
    assert "TRACEPARENT 00-" in output


def test_with_no_exporter_nothing_is_recorded() -> None:
    output = run("none")
    assert "ACTIVE False" in output
    assert "TRACEPARENT None" in output


def test_the_otlp_endpoint_gets_the_traces_path() -> None:
    exporter = _exporter(Settings(traces_exporter="otlp", otlp_endpoint="http://collector:4318"))
    assert exporter is not None
    assert exporter._endpoint == "http://collector:4318/v1/traces"  # type: ignore[attr-defined]
    exporter = _exporter(Settings(traces_exporter="otlp", otlp_endpoint="http://collector:4318/custom/path"))
    assert exporter._endpoint == "http://collector:4318/custom/path"  # type: ignore[attr-defined,union-attr]
