"""``/metrics``: HTTP by route template, the pool, the outbox backlog, consumers and business counters."""

from __future__ import annotations

import asyncio
import socket
import uuid

import httpx
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.app.bootstrap import Container
from backend.app.main import create_app
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.messaging.events import IntegrationEvent
from backend.core.observability import metrics
from backend.core.observability.database import time_pool_checkouts
from tests.actors import PASSWORD, Actor
from tests.api.helpers import cotton
from tests.observability.conftest import reading

COMMODITY = "/api/v1/commodities/{commodity_id}"


def samples(exposition: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def value(exposition: str, name: str, **labels: str) -> float | None:
    return samples(exposition).get((name, frozenset(labels.items())))


async def test_metrics_are_served_without_authentication_as_prometheus_text(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    names = {name for name, _ in samples(response.text)}
    assert {
        "mandi_db_pool_connections_in_use",
        "mandi_db_pool_wait_seconds_count",
        "process_cpu_seconds_total",
    } <= names
    assert "/metrics" not in (await anonymous.get("/openapi.json")).text


async def test_requests_are_counted_by_route_template_never_by_raw_path(client: httpx.AsyncClient) -> None:
    labels = {"method": "GET", "route": COMMODITY, "status_class": "4xx"}
    before = reading("mandi_http_requests_total", **labels)
    missing = uuid.uuid4()
    assert (await client.get(f"/api/v1/commodities/{missing}")).status_code == 404
    assert (await client.get(f"/api/v1/commodities/{uuid.uuid4()}")).status_code == 404
    assert reading("mandi_http_requests_total", **labels) == before + 2
    assert reading("mandi_http_request_duration_seconds_count", **labels) >= 2
    unmatched = {"method": "GET", "route": "unmatched", "status_class": "4xx"}
    before_unmatched = reading("mandi_http_requests_total", **unmatched)
    assert (await client.get(f"/no/such/{missing}")).status_code == 404
    assert reading("mandi_http_requests_total", **unmatched) == before_unmatched + 1
    exposition = (await client.get("/metrics")).text
    assert str(missing) not in exposition
    assert 'route="/api/v1/commodities/{commodity_id}"' in exposition


async def test_answers_given_before_routing_still_name_their_route(client: httpx.AsyncClient) -> None:
    labels = {"method": "POST", "route": "/api/v1/commodities", "status_class": "2xx"}
    before = reading("mandi_http_requests_total", **labels)
    body = cotton()
    key = {"Idempotency-Key": f"metrics-{uuid.uuid4().hex}"}
    assert (await client.post("/api/v1/commodities", json=body, headers=key)).status_code == 201
    replayed = await client.post("/api/v1/commodities", json=body, headers=key)
    assert replayed.headers["idempotent-replayed"] == "true"  # answered by the middleware, not the route
    assert reading("mandi_http_requests_total", **labels) == before + 2


async def test_server_errors_are_counted_as_errors(container: Container, admin: Actor) -> None:
    app = create_app(container.settings, container)

    async def broken() -> None:
        raise RuntimeError("the ledger is on fire")

    app.add_api_route("/broken", broken)
    labels = {"method": "GET", "route": "/broken", "status_class": "5xx"}
    before = reading("mandi_http_request_errors_total", **labels)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://mandi.test") as client:
        assert (await client.get("/broken")).status_code == 500
    assert reading("mandi_http_request_errors_total", **labels) == before + 1
    assert reading("mandi_http_requests_total", **labels) >= 1


async def test_the_pool_reports_connections_and_the_wait_for_one(engine: AsyncEngine, container: Container) -> None:
    time_pool_checkouts(engine)
    time_pool_checkouts(engine)  # idempotent: one observation per checkout, not two
    before = reading("mandi_db_pool_wait_seconds_count")
    async with engine.connect() as first:
        exposition = generate_latest(container.metrics.registry).decode()
        assert (value(exposition, "mandi_db_pool_connections_in_use") or 0) >= 1
        assert value(exposition, "mandi_db_pool_size") == container.settings.database_pool_size
        assert first is not None
    assert reading("mandi_db_pool_wait_seconds_count") == before + 1
    assert reading("mandi_db_pool_wait_seconds_sum") > 0


async def test_the_outbox_backlog_and_oldest_age_per_context(container: Container, client: httpx.AsyncClient) -> None:
    backlog = container.metrics.backlog
    await backlog.refresh(max_staleness=0)
    before = value(
        generate_latest(container.metrics.registry).decode(), "mandi_outbox_pending_events", context="commodities"
    )
    assert before is not None
    assert (await client.post("/api/v1/commodities", json=cotton())).status_code == 201
    await backlog.refresh(max_staleness=0)
    exposition = generate_latest(container.metrics.registry).decode()
    assert value(exposition, "mandi_outbox_pending_events", context="commodities") == before + 1
    assert (value(exposition, "mandi_outbox_oldest_pending_age_seconds", context="commodities") or -1) >= 0
    assert value(exposition, "mandi_outbox_pending_events", context="identity") is not None

    await container.relay.drain()
    await backlog.refresh(max_staleness=0)
    exposition = generate_latest(container.metrics.registry).decode()
    assert value(exposition, "mandi_outbox_pending_events", context="commodities") == before
    # and /metrics reads it afresh
    assert "mandi_outbox_oldest_pending_age_seconds" in (await client.get("/metrics")).text


async def test_consumers_are_timed_and_failures_counted_per_event_type(
    container: Container, client: httpx.AsyncClient
) -> None:
    event_type = CommodityCreatedV1.wire_name

    async def fine(event: IntegrationEvent) -> None:
        await asyncio.sleep(0)

    async def broken(event: IntegrationEvent) -> None:
        raise RuntimeError("ledger offline")

    container.bus.subscribe(event_type, "tests.metrics_fine", fine)
    container.bus.subscribe(event_type, "tests.metrics_broken", broken)
    ok = {"event_type": event_type, "consumer": "tests.metrics_fine"}
    bad = {"event_type": event_type, "consumer": "tests.metrics_broken"}
    handled_before = reading("mandi_consumer_handling_seconds_count", **ok)
    failed_before = reading("mandi_consumer_failures_total", **bad)
    published_failures_before = reading("mandi_outbox_publish_failures_total", context="commodities")
    assert (await client.post("/api/v1/commodities", json=cotton())).status_code == 201
    await container.relay.deliver_pending()
    assert reading("mandi_consumer_handling_seconds_count", **ok) == handled_before + 1
    assert reading("mandi_consumer_failures_total", **ok) == 0
    assert reading("mandi_consumer_failures_total", **bad) == failed_before + 1
    assert reading("mandi_consumer_handling_seconds_count", **bad) >= 1
    assert reading("mandi_outbox_publish_failures_total", context="commodities") == published_failures_before + 1


async def test_business_counters_for_commodities_and_logins(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    created = reading("mandi_commodities_created_total")
    success = reading("mandi_logins_total", method="password", outcome="success")
    failed = reading("mandi_logins_total", method="password", outcome="failed")
    assert (await client.post("/api/v1/commodities", json=cotton())).status_code == 201
    assert (await client.post("/api/v1/commodities", json=cotton())).status_code == 201
    good = await anonymous.post("/api/v1/auth/login", json={"username": admin.username, "password": PASSWORD})
    assert good.status_code == 200
    bad = await anonymous.post("/api/v1/auth/login", json={"username": admin.username, "password": "wrong-Password-1"})
    assert bad.status_code == 401
    assert reading("mandi_commodities_created_total") == created + 2
    assert reading("mandi_logins_total", method="password", outcome="success") == success + 1
    assert reading("mandi_logins_total", method="password", outcome="failed") == failed + 1
    # every known outcome is exported from the start, so dashboards and alerts see zeros
    exposition = (await anonymous.get("/metrics")).text
    assert 'mandi_logins_total{method="otp",outcome="locked"}' in exposition


def test_cache_counters_for_the_caching_policies() -> None:
    hits, misses, errors = (
        reading(f"mandi_cache_{kind}_total", policy="tests.policy") for kind in ("hits", "misses", "errors")
    )
    metrics.cache_hit("tests.policy")
    metrics.cache_hit("tests.policy")
    metrics.cache_miss("tests.policy")
    metrics.cache_error("tests.policy")
    assert reading("mandi_cache_hits_total", policy="tests.policy") == hits + 2
    assert reading("mandi_cache_misses_total", policy="tests.policy") == misses + 1
    assert reading("mandi_cache_errors_total", policy="tests.policy") == errors + 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_worker_serves_its_metrics_on_its_own_port(container: Container) -> None:
    port = _free_port()
    stop = asyncio.Event()
    task = asyncio.create_task(container.metrics.serve(port, stop, refresh_seconds=0.05))
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(100):
                try:
                    response = await http.get(f"http://127.0.0.1:{port}/metrics")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.02)
        assert response.status_code == 200
        assert 'mandi_outbox_pending_events{context="commodities"}' in response.text
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
