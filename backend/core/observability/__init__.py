"""Logs, metrics and traces: the shared observability primitives every context uses.

``logs`` configures structlog (JSON in production, console in development) with the ambient
request/message context and secret redaction; ``metrics`` holds the process-wide Prometheus
metrics and the functions code calls to count things; ``exposition`` adds per-container gauges
(database pool, outbox backlog) and renders ``/metrics``; ``tracing`` sets up OpenTelemetry and
``messaging`` carries trace context through the outbox, the relay and the consumers.
"""
