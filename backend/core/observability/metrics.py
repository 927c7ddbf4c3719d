"""Process-wide Prometheus metrics, and the functions code calls to count and time things.

The metric names here are a contract: ``deploy/observability`` (alert rules, the Grafana
dashboard) uses them and a test checks each one appears in ``/metrics``. Histograms take seconds.
Call the small functions below rather than the metric objects, so a label set stays consistent.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
WAIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

_HTTP_LABELS = ("method", "route", "status_class")

HTTP_REQUESTS = Counter(
    "mandi_http_requests",
    "HTTP requests served, by route template (never the raw path), method and status class",
    _HTTP_LABELS,
    registry=REGISTRY,
)
HTTP_ERRORS = Counter(
    "mandi_http_request_errors",
    "HTTP requests that failed on the server side (5xx status or an unhandled error)",
    _HTTP_LABELS,
    registry=REGISTRY,
)
HTTP_DURATION = Histogram(
    "mandi_http_request_duration_seconds",
    "Time from receiving a request to the end of its response",
    _HTTP_LABELS,
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
DB_POOL_WAIT = Histogram(
    "mandi_db_pool_wait_seconds",
    "Time to get a database connection from the pool (waiting, opening one, the pre-ping)",
    buckets=WAIT_BUCKETS,
    registry=REGISTRY,
)
OUTBOX_PUBLISHED = Counter(
    "mandi_outbox_published",
    "Outbox events the relay handed to the bus or the broker",
    ("context",),
    registry=REGISTRY,
)
OUTBOX_PUBLISH_FAILURES = Counter(
    "mandi_outbox_publish_failures",
    "Outbox deliveries that failed and will be retried (or parked as dead)",
    ("context",),
    registry=REGISTRY,
)
CONSUMER_DURATION = Histogram(
    "mandi_consumer_handling_seconds",
    "Time a subscriber took to handle an event",
    ("event_type", "consumer"),
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
CONSUMER_FAILURES = Counter(
    "mandi_consumer_failures",
    "Events a subscriber failed to handle (each failed attempt counts)",
    ("event_type", "consumer"),
    registry=REGISTRY,
)
CACHE_HITS = Counter("mandi_cache_hits", "Cache reads answered from the cache", ("policy",), registry=REGISTRY)
CACHE_MISSES = Counter("mandi_cache_misses", "Cache reads that had to load", ("policy",), registry=REGISTRY)
CACHE_ERRORS = Counter(
    "mandi_cache_errors",
    "Cache backend failures that degraded to a miss",
    ("policy",),
    registry=REGISTRY,
)
COMMODITIES_CREATED = Counter("mandi_commodities_created", "Commodities added to the master", registry=REGISTRY)
LOGINS = Counter(
    "mandi_logins",
    "Sign-in attempts by method (password, otp, mfa) and outcome",
    ("method", "outcome"),
    registry=REGISTRY,
)

LOGIN_METHODS = ("password", "otp", "mfa")
LOGIN_OUTCOMES = ("success", "mfa_required", "failed", "locked", "throttled")
for _method in LOGIN_METHODS:  # known label sets exist from the start, so rates and alerts see zeros
    for _outcome in LOGIN_OUTCOMES:
        LOGINS.labels(_method, _outcome)


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def observe_http(method: str, route: str, status: int, seconds: float) -> None:
    """One served request; ``route`` is the template (``/api/v1/commodities/{commodity_id}``)."""
    labels = (method, route, status_class(status))
    HTTP_REQUESTS.labels(*labels).inc()
    HTTP_DURATION.labels(*labels).observe(seconds)
    if status >= 500:
        HTTP_ERRORS.labels(*labels).inc()


def observe_pool_wait(seconds: float) -> None:
    DB_POOL_WAIT.observe(seconds)


def cache_hit(policy: str) -> None:
    """A read of cache policy ``policy`` was answered from the cache."""
    CACHE_HITS.labels(policy).inc()


def cache_miss(policy: str) -> None:
    """A read of cache policy ``policy`` had to load (absent, expired or evicted)."""
    CACHE_MISSES.labels(policy).inc()


def cache_error(policy: str) -> None:
    """The cache backend failed for ``policy`` and the read degraded to a miss."""
    CACHE_ERRORS.labels(policy).inc()


def commodity_created() -> None:
    COMMODITIES_CREATED.inc()


def login_attempted(method: str, outcome: str) -> None:
    """``method`` in LOGIN_METHODS, ``outcome`` in LOGIN_OUTCOMES."""
    LOGINS.labels(method, outcome).inc()
