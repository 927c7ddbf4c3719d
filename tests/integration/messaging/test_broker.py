"""The JetStream adapter in one process: envelopes, a broker restart, dead letters and replay."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.app.bootstrap import Container, connect_broker
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.clock import utc_now
from backend.core.config import Settings
from backend.core.context import request_id_var
from backend.core.messaging.bus import Subscription
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.nats_broker import NatsBroker
from backend.core.principal import SYSTEM_SCOPE
from backend.db.engine import create_session_factory
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.infrastructure.seed_catalogue import COTTON
from backend.modules.commodities.infrastructure.tables import outbox
from tests.integration.messaging.conftest import NatsServer

CREATED = CommodityCreatedV1.wire_name


@pytest.fixture
async def broker_container(
    settings: Settings, engine: AsyncEngine, nats_server: NatsServer, stream_prefix: str
) -> AsyncIterator[Container]:
    """A container whose relay publishes to the private NATS server (and whose writes commit)."""
    broker_settings = settings.model_copy(
        update={"broker_url": nats_server.url, "broker_stream_prefix": stream_prefix, "consumer_max_attempts": 2}
    )
    broker = await connect_broker(broker_settings)
    container = Container(broker_settings, engine, create_session_factory(engine), broker=broker)
    yield container
    assert container.broker is not None
    await container.broker.close()


async def _create(container: Container) -> str:
    code = f"JS-{uuid.uuid4().hex[:8].upper()}"
    await create_commodity(
        CreateCommodity(dataclasses.replace(COTTON, code=code)), container.commodities_uow(SYSTEM_SCOPE)
    )
    return code


async def _consume_until(
    broker: NatsBroker, subscriptions: list[Subscription], done: asyncio.Event, seconds: float
) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(broker.consume(subscriptions, stop))
    try:
        await asyncio.wait_for(done.wait(), timeout=seconds)
    finally:
        stop.set()
        await task


async def test_the_relay_publishes_envelopes_that_consumers_receive_with_their_context(
    broker_container: Container,
) -> None:
    assert broker_container.broker is not None
    token = request_id_var.set("req-envelope-1")
    try:
        code = await _create(broker_container)
    finally:
        request_id_var.reset(token)
    assert await broker_container.relay.drain() >= 1
    seen: list[tuple[IntegrationEvent, str | None]] = []
    done = asyncio.Event()

    async def record(event: IntegrationEvent) -> None:
        if getattr(event, "code", None) == code:
            seen.append((event, request_id_var.get()))
            done.set()

    await _consume_until(broker_container.broker, [Subscription(CREATED, "tests.envelope", record)], done, 20)
    ((event, correlation),) = seen
    assert isinstance(event, CommodityCreatedV1)
    assert correlation == "req-envelope-1"  # the handler runs in the original request's trace


async def test_a_broker_restart_loses_nothing(broker_container: Container, nats_server: NatsServer) -> None:
    broker = broker_container.broker
    assert broker is not None
    first = await _create(broker_container)
    await broker_container.relay.drain()
    nats_server.stop()
    second = await _create(broker_container)
    await broker_container.relay.deliver_pending()  # the broker is down: the row stays pending
    async with broker_container.session_factory() as session:
        rows = (await session.execute(outbox.select().where(outbox.c.status == "pending"))).all()
    assert any(row.attempts >= 1 for row in rows)
    nats_server.start()
    async with broker_container.session_factory() as session, session.begin():
        await session.execute(update(outbox).where(outbox.c.status == "pending").values(available_at=utc_now()))
    for _ in range(100):  # the client reconnects on its own
        if broker.connected:
            break
        await asyncio.sleep(0.1)
    assert await broker_container.relay.drain() >= 1
    received: set[str] = set()
    done = asyncio.Event()

    async def record(event: IntegrationEvent) -> None:
        received.add(getattr(event, "code", ""))
        if {first, second} <= received:
            done.set()

    await _consume_until(broker, [Subscription(CREATED, "tests.restart", record)], done, 30)
    assert {first, second} <= received


async def test_a_poison_message_goes_to_dead_letters_without_blocking_and_replays(
    broker_container: Container,
) -> None:
    broker = broker_container.broker
    assert broker is not None
    poison, healthy = await _create(broker_container), await _create(broker_container)
    await broker_container.relay.drain()
    handled: list[str] = []
    fixed = False
    healthy_done, replayed = asyncio.Event(), asyncio.Event()

    async def fragile(event: IntegrationEvent) -> None:
        code = getattr(event, "code", "")
        if code == poison and not fixed:
            raise RuntimeError("cannot book this one")
        handled.append(code)
        if code == healthy:
            healthy_done.set()
        if code == poison:
            replayed.set()

    subscription = Subscription(CREATED, "tests.fragile", fragile)
    stop = asyncio.Event()
    consuming = asyncio.create_task(broker.consume([subscription], stop))
    try:
        await asyncio.wait_for(healthy_done.wait(), timeout=20)  # the poison does not hold it up
        letters = []
        for _ in range(80):  # attempt 2 comes after a 1 s delay, then the letter is written
            letters = [letter for letter in await broker.dead_letters() if letter.consumer == "tests.fragile"]
            if letters:
                break
            await asyncio.sleep(0.25)
    finally:
        stop.set()
        await consuming
    assert [letter.envelope.payload["code"] for letter in letters] == [poison]
    assert "cannot book this one" in letters[0].error
    assert healthy in handled

    fixed = True
    await broker.replay(letters[0].sequence)
    await _consume_until(broker, [subscription], replayed, 20)
    assert handled.count(poison) == 1
    assert [letter for letter in await broker.dead_letters() if letter.consumer == "tests.fragile"] == []


async def test_readiness_reports_the_broker(broker_container: Container, nats_server: NatsServer) -> None:
    assert (await broker_container.readiness())["broker"] == "ok"
    nats_server.stop()
    try:
        await asyncio.sleep(0.5)
        assert (await broker_container.readiness())["broker"].startswith("unreachable")
    finally:
        nats_server.start()
