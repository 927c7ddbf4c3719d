"""Outbox -> NATS JetStream -> consumers in other processes: shared work, crashes, exactly-once effects."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.app.bootstrap import Container
from backend.core.config import Settings
from backend.core.principal import SYSTEM_SCOPE
from backend.db.engine import create_engine
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.infrastructure.seed_catalogue import COTTON
from tests.integration.messaging.conftest import NatsServer

CHILD = [sys.executable, "-m", "tests.integration.messaging.worker_child"]


@pytest.fixture
async def handled_table(database_url: str, settings: Settings) -> AsyncIterator[AsyncEngine]:
    owner = create_engine(database_url, settings, as_owner=True)
    async with owner.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS public.test_handled (event_id uuid, worker text)"))
        await connection.execute(text("GRANT SELECT, INSERT ON public.test_handled TO mandi_app"))
        await connection.execute(text("TRUNCATE public.test_handled"))
    yield owner
    await owner.dispose()


async def _publish_commodities(container: Container, count: int) -> list[str]:
    codes = [f"NATS-{uuid.uuid4().hex[:8].upper()}" for _ in range(count)]
    for code in codes:
        await create_commodity(
            CreateCommodity(dataclasses.replace(COTTON, code=code)), container.commodities_uow(SYSTEM_SCOPE)
        )
    return codes


async def _handled(owner: AsyncEngine) -> list[tuple[str, str]]:
    async with owner.connect() as connection:
        rows = await connection.execute(text("SELECT event_id::text, worker FROM public.test_handled"))
        return [(row[0], row[1]) for row in rows]


async def _wait_for(predicate: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await predicate():  # type: ignore[misc]
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


async def _spawn(database_url: str, server: NatsServer, prefix: str, name: str, mode: str = "record"):  # type: ignore[no-untyped-def]
    process = await asyncio.create_subprocess_exec(
        *CHILD,
        database_url,
        server.url,
        prefix,
        name,
        mode,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ},
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
    assert line.strip() == b"ready", line
    return process


async def _stop(process) -> None:  # type: ignore[no-untyped-def]
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=30)


async def _event_ids(owner: AsyncEngine, codes: list[str]) -> set[str]:
    async with owner.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT o.event_id::text FROM commodities.outbox o JOIN commodities.commodities c"
                " ON o.aggregate_id = c.id::text WHERE c.code = ANY(:codes)"
            ),
            {"codes": codes},
        )
        return {row[0] for row in rows}


async def test_two_workers_share_the_events_and_handle_each_once(
    database_url: str, nats_server: NatsServer, stream_prefix: str, committed_container, handled_table: AsyncEngine
) -> None:  # type: ignore[no-untyped-def]
    workers = [await _spawn(database_url, nats_server, stream_prefix, f"w{n}") for n in (1, 2)]
    try:
        codes = await _publish_commodities(committed_container(), 20)
        expected = await _event_ids(handled_table, codes)

        async def all_handled() -> bool:
            return expected <= {event for event, _ in await _handled(handled_table)}

        await _wait_for(all_handled, 60, "both workers to handle 20 events")
        handled = [event for event, _ in await _handled(handled_table) if event in expected]
        assert sorted(handled) == sorted(expected)  # each exactly once
    finally:
        for worker in workers:
            await _stop(worker)
    for worker in workers:
        assert worker.returncode == 0


async def test_a_worker_killed_mid_handler_leaves_the_event_to_another_which_handles_it_once(
    database_url: str, nats_server: NatsServer, stream_prefix: str, committed_container, handled_table: AsyncEngine
) -> None:  # type: ignore[no-untyped-def]
    doomed = await _spawn(database_url, nats_server, stream_prefix, "doomed", mode="hang")
    codes = await _publish_commodities(committed_container(), 1)
    (event_id,) = await _event_ids(handled_table, codes)
    assert doomed.stdout is not None
    line = await asyncio.wait_for(doomed.stdout.readline(), timeout=60)
    assert line.strip() == f"handling {event_id}".encode()
    doomed.kill()  # no ack, no commit: the message is delivered again after ack_wait (2 s)
    await doomed.wait()

    survivor = await _spawn(database_url, nats_server, stream_prefix, "survivor")
    try:

        async def handled_once() -> bool:
            return [e for e, _ in await _handled(handled_table)].count(event_id) == 1

        await _wait_for(handled_once, 60, "the redelivered event")
        await asyncio.sleep(3)  # one more ack_wait: nothing else arrives
        assert await _handled(handled_table) == [(event_id, "survivor")]
    finally:
        await _stop(survivor)
