"""One trace from the request through the outbox to the consumer, in process and across NATS."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Sequence

import httpx
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from backend.app.bootstrap import Container, connect_broker
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.config import Settings
from backend.core.context import traceparent_var
from backend.core.messaging.bus import InProcessBus, Subscription
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.observability.tracing import current_traceparent, tracer
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.infrastructure.seed_catalogue import COTTON
from backend.modules.commodities.infrastructure.tables import outbox
from tests.api.helpers import cotton
from tests.integration.messaging.conftest import NatsServer

CREATED = CommodityCreatedV1.wire_name


def _hex(number: int, width: int) -> str:
    return format(number, f"0{width}x")


def ids_of(traceparent: str | None) -> str:
    """``<trace id>-<span id>`` of a W3C traceparent (the flags vary with the SDK version)."""
    assert traceparent is not None
    return traceparent.split("-")[1] + "-" + traceparent.split("-")[2]


def ids(span: ReadableSpan) -> str:
    return f"{_hex(span.context.trace_id, 32)}-{_hex(span.context.span_id, 16)}"


def one(spans: Sequence[ReadableSpan], name: str, **attributes: str) -> ReadableSpan:
    found = [
        span
        for span in spans
        if span.name == name and all((span.attributes or {}).get(k) == v for k, v in attributes.items())
    ]
    assert len(found) == 1, [span.name for span in spans]
    return found[0]


def assert_child_of(child: ReadableSpan, parent: ReadableSpan) -> None:
    assert child.parent is not None, f"{child.name} has no parent"
    assert child.context.trace_id == parent.context.trace_id, f"{child.name} is in another trace"
    assert child.parent.span_id == parent.context.span_id, f"{child.name} is not a child of {parent.name}"


async def test_request_commit_relay_and_consumer_form_one_trace(
    container: Container, client: httpx.AsyncClient, connection: AsyncConnection, spans: InMemorySpanExporter
) -> None:
    async def on_created(event: IntegrationEvent) -> None:
        await asyncio.sleep(0)

    container.bus.subscribe(CREATED, "tests.on_commodity_created_trace", on_created)
    created = await client.post("/api/v1/commodities", json=cotton())
    assert created.status_code == 201, created.text
    commodity_id = created.json()["id"]
    [request] = [
        span
        for span in spans.get_finished_spans()
        if span.kind is SpanKind.SERVER and span.name == "POST /api/v1/commodities"
    ]

    # the outbox row remembers the request's span
    row_traceparent = (
        await connection.execute(select(outbox.c.traceparent).where(outbox.c.aggregate_id == commodity_id))
    ).scalar_one()
    assert ids_of(row_traceparent) == ids(request)

    await container.relay.drain()
    finished = spans.get_finished_spans()
    publish = one(finished, f"{CREATED} publish", **{"messaging.message.id": _event_id(finished, commodity_id)})
    consume = one(
        finished, f"{CREATED} process", **{"messaging.consumer.group.name": "tests.on_commodity_created_trace"}
    )
    assert publish.kind is SpanKind.PRODUCER
    assert consume.kind is SpanKind.CONSUMER
    assert_child_of(publish, request)
    assert_child_of(consume, publish)
    assert request.parent is None  # the request is the root of it all


def _event_id(spans: Sequence[ReadableSpan], commodity_id: str) -> str:
    [publish] = [
        span
        for span in spans
        if span.name == f"{CREATED} publish" and (span.attributes or {}).get("mandi.aggregate_id") == commodity_id
    ]
    return str((publish.attributes or {})["messaging.message.id"])


async def test_a_failing_consumer_marks_its_span_and_the_publish_span_as_errors(
    container: Container, spans: InMemorySpanExporter
) -> None:
    async def broken(event: IntegrationEvent) -> None:
        raise RuntimeError("ledger offline")

    container.bus.subscribe(CREATED, "tests.on_commodity_created_broken_trace", broken)
    with tracer().start_as_current_span("command"):
        view = await create_commodity(
            CreateCommodity(dataclasses.replace(COTTON, code=f"TR-{uuid.uuid4().hex[:8].upper()}")),
            container.commodities_uow(SYSTEM_SCOPE),
        )
    await container.relay.deliver_pending()
    finished = spans.get_finished_spans()
    publish = one(finished, f"{CREATED} publish", **{"mandi.aggregate_id": str(view.id)})
    consume = one(
        finished, f"{CREATED} process", **{"messaging.consumer.group.name": "tests.on_commodity_created_broken_trace"}
    )
    assert_child_of(consume, publish)
    assert not consume.status.is_ok
    assert not publish.status.is_ok
    assert any(event.name == "exception" for event in consume.events)


def test_without_a_span_the_trace_of_the_handled_event_goes_on() -> None:
    """No span recorded (tracing off): what a handler publishes still carries its event's trace."""
    traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    assert current_traceparent() is None
    token = traceparent_var.set(traceparent)
    try:
        assert current_traceparent() == traceparent
    finally:
        traceparent_var.reset(token)


async def test_the_trace_crosses_the_broker_in_the_message_headers(
    settings: Settings,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    nats_server: NatsServer,
    stream_prefix: str,
    spans: InMemorySpanExporter,
) -> None:
    broker_settings = settings.model_copy(update={"broker_url": nats_server.url, "broker_stream_prefix": stream_prefix})
    broker = await connect_broker(broker_settings)
    assert broker is not None
    try:
        container = Container(broker_settings, engine, session_factory, broker=broker)
        with tracer().start_as_current_span("request") as request_span:
            view = await create_commodity(
                CreateCommodity(dataclasses.replace(COTTON, code=f"NT-{uuid.uuid4().hex[:8].upper()}")),
                container.commodities_uow(SYSTEM_SCOPE),
            )
        await container.relay.drain()
        done = asyncio.Event()

        async def record(event: IntegrationEvent) -> None:
            if getattr(event, "commodity_id", None) == view.id:
                done.set()

        stop = asyncio.Event()
        consuming = asyncio.create_task(broker.consume([Subscription(CREATED, "tests.trace_over_nats", record)], stop))
        try:
            await asyncio.wait_for(done.wait(), 20)
        finally:
            stop.set()
            await consuming
    finally:
        await broker.close()
    finished = spans.get_finished_spans()
    [request] = [span for span in finished if span.context.span_id == request_span.get_span_context().span_id]
    publish = one(finished, f"{CREATED} publish", **{"mandi.aggregate_id": str(view.id)})
    consume = one(
        finished,
        f"{CREATED} process",
        **{"messaging.consumer.group.name": "tests.trace_over_nats", "mandi.aggregate_id": str(view.id)},
    )
    assert_child_of(publish, request)
    assert_child_of(consume, publish)


async def test_the_in_process_bus_continues_the_envelopes_trace(spans: InMemorySpanExporter) -> None:
    bus = InProcessBus()
    inner: list[str | None] = []

    async def handler(event: IntegrationEvent) -> None:
        inner.append(current_traceparent())

    bus.subscribe(CREATED, "tests.bus_trace", handler)
    with tracer().start_as_current_span("producer") as producer:
        traceparent = current_traceparent()
    envelope = Envelope.wrap(_created_event(), traceparent=traceparent)
    await bus.publish(envelope)
    consume = one(
        spans.get_finished_spans(), f"{CREATED} process", **{"messaging.consumer.group.name": "tests.bus_trace"}
    )
    assert consume.parent is not None
    assert consume.parent.span_id == producer.get_span_context().span_id
    # what the handler publishes in turn names the consumer span as its parent
    assert [ids_of(traceparent) for traceparent in inner] == [ids(consume)]


def _created_event() -> CommodityCreatedV1:
    from decimal import Decimal

    return CommodityCreatedV1(
        commodity_id=uuid.uuid4(),
        code="SUGAR",
        name="Sugar",
        category="softs",
        hsn_code="1701",
        gst_rate=Decimal("5"),
        base_unit="KG",
        units=(),
        varieties=(),
        active=True,
        version=1,
    )
