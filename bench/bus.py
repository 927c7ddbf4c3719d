"""Messaging benchmark: commit -> outbox -> (broker) -> consumer commit, against bare nats-py loops.

Creates a throw-away database, migrates and seeds it with the ``mandi`` CLI, then, in this process
and one after another:

- **in-process**: a ``Container`` without a broker; producers commit ``create_commodity`` (one
  ``commodities.commodity_created.v1`` outbox row each), the outbox relay polls and calls an
  idempotent subscriber (inbox row, own transaction) directly;
- **nats**: a ``Container`` on NATS JetStream; the relay publishes to the stream and
  ``NatsBroker.consume`` (in this process too) fetches, runs the same subscriber and acks;
- **bare core** / **bare jetstream**: nats-py alone, with messages of the same size: core
  publish + flush -> subscription callback, and JetStream publish (awaiting the ack) -> durable
  pull consumer ``fetch`` + ack, as the ceiling.

Streams are named ``BENCH<pid>_*`` and deleted at the end, the database is dropped (also on failure).

    .venv/bin/python bench/bus.py [--events 2000] [--concurrency 8] [--warmup 50] [--timeout 120]
        [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]
        [--nats-url nats://127.0.0.1:4222] [--json]

Exit status: 0 every event was handled; 1 some were not within the timeout; 2 the benchmark could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

import nats
import uvloop
from http_commodities import (
    BENCH_SECRET,
    DEFAULT_ADMIN_URL,
    BenchError,
    exit_on_sigterm,
    int_at_least,
    log,
    mandi_env,
    percentile,
    run_mandi,
    temporary_database,
)
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from backend.app.bootstrap import CONTEXTS, Container, build_container
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.config import Settings
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.core.messaging.nats_broker import BrokerSettings
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.infrastructure.seed_catalogue import COTTON
from backend.modules.commodities.infrastructure.unit_of_work import SqlCommoditiesUnitOfWork

DEFAULT_NATS_URL = "nats://127.0.0.1:4222"
RELAY_INTERVAL_SECONDS = 0.05  # Mandi's default is 0.5 s; small so polling adds little to the latency
CONSUMER = "bench.on_commodity_created_record"
FETCH_BATCH = BrokerSettings.batch_size  # the bare JetStream consumer fetches like NatsBroker does
FETCH_TIMEOUT_SECONDS = 1.0
KEY_DIGITS = 8  # bare messages start with their zero-padded index

RATIOS = {"in-process/bare": ("in-process", "bare core"), "nats/bare-jetstream": ("nats", "bare jetstream")}


@dataclass(frozen=True)
class Result:
    path: str
    events: int
    handled: int
    concurrency: int
    send_rate: float  # commits (or publishes) per second, first to last
    rate: float  # handled / (first commit or publish -> last handled or received), per second
    backlog: int  # events not yet handled when the last one was committed (or published)
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def missing(self) -> int:
        return self.events - self.handled


class Tracker:
    """When each key started (committed / published) and finished (handled / received)."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.finished: dict[str, float] = {}
        self._waiting: set[str] = set()
        self._done = asyncio.Event()

    def expect(self, keys: Iterable[str]) -> None:
        self._waiting = set(keys) - self.finished.keys()
        if self._waiting:
            self._done.clear()
        else:
            self._done.set()

    def start(self, key: str) -> None:
        self.started[key] = time.perf_counter()

    def finish(self, key: str) -> None:
        # a redelivery (the inbox makes it a no-op) keeps the first time
        self.finished.setdefault(key, time.perf_counter())
        self._waiting.discard(key)
        if not self._waiting:
            self._done.set()

    async def wait(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._done.wait(), seconds)
        except TimeoutError:
            return False
        return True

    def result(self, path: str, keys: list[str], concurrency: int) -> Result:
        done = [key for key in keys if key in self.finished and key in self.started]
        latencies = sorted(self.finished[key] - self.started[key] for key in done)
        if not latencies:
            return Result(
                path, len(keys), 0, concurrency, 0.0, 0.0, len(keys), float("nan"), float("nan"), float("nan")
            )
        sent = [self.started[key] for key in keys if key in self.started]
        first, last = min(sent), max(sent)
        elapsed = max(self.finished[key] for key in done) - first
        return Result(
            path=path,
            events=len(keys),
            handled=len(done),
            concurrency=concurrency,
            send_rate=len(sent) / (last - first) if len(sent) > 1 else float("nan"),
            rate=len(done) / elapsed,
            backlog=sum(1 for key in keys if self.finished.get(key, float("inf")) > last),
            p50_ms=percentile(latencies, 50) * 1000,
            p99_ms=percentile(latencies, 99) * 1000,
            max_ms=latencies[-1] * 1000,
        )


async def drive(
    tracker: Tracker, send: Callable[[str], Awaitable[None]], keys: list[str], concurrency: int, seconds: float
) -> bool:
    """``send`` every key from ``concurrency`` workers; True when all finished within ``seconds`` of the last send."""
    tracker.expect(keys)
    tickets = iter(keys)

    async def worker() -> None:
        for key in tickets:
            await send(key)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return await tracker.wait(seconds)


async def measure(
    path: str,
    tracker: Tracker,
    send: Callable[[str], Awaitable[None]],
    make_keys: Callable[[str, int], list[str]],
    args: argparse.Namespace,
) -> Result:
    """Unmeasured warm-up (all handled), then the measured events."""
    log(f"{path}: {args.warmup} warm-up, then {args.events} measured events at concurrency {args.concurrency}")
    if args.warmup and not await drive(tracker, send, make_keys("W", args.warmup), args.concurrency, args.timeout):
        raise BenchError(f"{path}: warm-up events were not handled within {args.timeout:g}s")
    keys = make_keys("M", args.events)
    if not await drive(tracker, send, keys, args.concurrency, args.timeout):
        log(f"{path}: {len(set(keys) - tracker.finished.keys())} events not handled within {args.timeout:g}s")
    return tracker.result(path, keys, args.concurrency)


# ------------------------------------------------------------------ Mandi


def mandi_settings(database_url: str, broker_url: str | None) -> Settings:
    return Settings(
        database_url=database_url,
        broker_url=broker_url,
        broker_stream_prefix=f"BENCH{os.getpid()}",
        secret_key=BENCH_SECRET,
        log_level="WARNING",
    )


async def open_container(settings: Settings) -> Container:
    try:
        return await build_container(settings)
    except (OSError, NatsError) as error:
        raise BenchError(f"cannot build the container ({settings.broker_url or 'in-process'}): {error!r}") from error


async def delete_streams(js: JetStreamContext, names: Iterable[str]) -> None:
    for name in names:
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(name)
            log(f"deleted stream {name}")


async def mandi_path(
    path: str, code_prefix: str, settings: Settings, args: argparse.Namespace, sample: list[bytes]
) -> Result:
    """Producers commit ``create_commodity``; the idempotent subscriber timestamps after its commit."""
    container = await open_container(settings)
    tracker = Tracker()
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    try:

        async def nothing_else(event: IntegrationEvent, uow: SqlCommoditiesUnitOfWork) -> None:
            """The inbox row is the handler's only write."""

        handle = idempotent(CONSUMER, lambda: container.commodities_uow(SYSTEM_SCOPE), nothing_else)

        async def timed(event: IntegrationEvent) -> None:
            await handle(event)  # returns after the inbox transaction committed
            if isinstance(event, CommodityCreatedV1):
                tracker.finish(event.code)
                if not sample:
                    sample.append(Envelope.wrap(event).to_bytes())

        async def send(code: str) -> None:
            command = CreateCommodity(replace(COTTON, code=code))
            await create_commodity(command, container.commodities_uow(SYSTEM_SCOPE))
            tracker.start(code)  # the use case returned: its transaction (row + outbox row) committed

        def codes(phase: str, count: int) -> list[str]:
            return [f"{code_prefix}-{phase}{index:06d}" for index in range(count)]

        container.bus.subscribe(CommodityCreatedV1.wire_name, CONSUMER, timed)
        tasks.append(asyncio.create_task(container.relay.run(stop, RELAY_INTERVAL_SECONDS)))
        if container.broker is not None:
            tasks.append(asyncio.create_task(container.broker.consume(container.bus.subscriptions(), stop)))
        return await measure(path, tracker, send, codes, args)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        try:
            if container.broker is not None and container.broker.connected:
                broker = container.broker
                await delete_streams(broker.js, [*(broker.stream_of(c) for c in CONTEXTS), broker.dlq_stream])
        finally:
            await container.close()


# ------------------------------------------------------------------ bare nats-py


def bare_payload(key: str, template: bytes) -> bytes:
    return key.encode() + template


def bare_key(data: bytes) -> str:
    return data[:KEY_DIGITS].decode()


def bare_keys(phase: str, count: int) -> list[str]:
    offset = 0 if phase == "W" else 10 ** (KEY_DIGITS - 1)
    return [f"{offset + index:0{KEY_DIGITS}d}" for index in range(count)]


async def bare_core(nc: Client, subject: str, template: bytes, args: argparse.Namespace) -> Result:
    """Publish + flush (the server has it) -> a subscription callback."""
    tracker = Tracker()

    async def received(message: Msg) -> None:
        tracker.finish(bare_key(message.data))

    async def send(key: str) -> None:
        tracker.start(key)
        await nc.publish(subject, bare_payload(key, template))
        await nc.flush()

    subscription = await nc.subscribe(subject, cb=received)
    await nc.flush()
    try:
        return await measure("bare core", tracker, send, bare_keys, args)
    finally:
        await subscription.unsubscribe()


async def bare_jetstream(
    js: JetStreamContext, stream: str, subject: str, template: bytes, args: argparse.Namespace
) -> Result:
    """JetStream publish (awaiting the stored ack, with a de-duplication id) -> pull fetch + ack."""
    await js.add_stream(StreamConfig(name=stream, subjects=[subject], storage=StorageType.FILE, duplicate_window=120))
    tracker = Tracker()
    stop = asyncio.Event()
    durable = "bench_bare"
    pull = await js.pull_subscribe(
        subject,
        durable=durable,
        stream=stream,
        config=ConsumerConfig(durable_name=durable, filter_subject=subject, ack_wait=30, max_deliver=6),
    )

    async def consume() -> None:
        while not stop.is_set():
            try:
                messages = await pull.fetch(FETCH_BATCH, timeout=FETCH_TIMEOUT_SECONDS)
            except NatsTimeout:
                continue
            for message in messages:
                await message.ack()
                tracker.finish(bare_key(message.data))

    async def send(key: str) -> None:
        tracker.start(key)
        headers = {"Nats-Msg-Id": str(uuid.uuid4())}  # as NatsBroker.publish sends the event id
        await js.publish(subject, bare_payload(key, template), stream=stream, headers=headers)

    consumer = asyncio.create_task(consume())
    try:
        return await measure("bare jetstream", tracker, send, bare_keys, args)
    finally:
        stop.set()
        await asyncio.gather(consumer, return_exceptions=True)
        await pull.unsubscribe()


async def bare_paths(nats_url: str, template: bytes, args: argparse.Namespace) -> list[Result]:
    prefix = f"BENCH{os.getpid()}"
    nc = await connect_nats(nats_url)
    try:
        js = nc.jetstream(timeout=5)
        results = [await bare_core(nc, f"{prefix.lower()}.core", template, args)]
        try:
            results.append(await bare_jetstream(js, f"{prefix}_BARE", f"{prefix.lower()}.bare", template, args))
        finally:
            await delete_streams(js, [f"{prefix}_BARE"])
        return results
    finally:
        await nc.drain()


# ------------------------------------------------------------------ run


async def quiet(error: Exception) -> None:
    """nats-py logs every failed attempt with a traceback; the BenchError says it once."""


async def connect_nats(nats_url: str) -> Client:
    try:
        # max_reconnect_attempts=0 would mean "forever" to nats-py's first connect
        return await nats.connect(
            nats_url, name="mandi-bench", connect_timeout=5, max_reconnect_attempts=1, error_cb=quiet
        )
    except (OSError, NatsError) as error:
        raise BenchError(f"cannot connect to NATS at {nats_url}: {error!r}") from error


async def check_jetstream(nats_url: str) -> None:
    """Fail fast, before the database: NatsBroker.connect retries forever."""
    nc = await connect_nats(nats_url)
    try:
        await nc.jetstream(timeout=5).account_info()
    except (OSError, NatsError) as error:
        raise BenchError(f"NATS at {nats_url} has no JetStream: {error!r}") from error
    finally:
        await nc.close()


async def run_all(database_url: str, args: argparse.Namespace) -> tuple[list[Result], int]:
    sample: list[bytes] = []  # one consumed envelope: the bare messages have its size
    results = [await mandi_path("in-process", "BIP", mandi_settings(database_url, None), args, sample)]
    results.append(await mandi_path("nats", "BNT", mandi_settings(database_url, args.nats_url), args, sample))
    if not sample:
        raise BenchError("no event reached the subscriber, so there is no message to size the bare loops by")
    template = sample[0]
    log(f"bare messages carry {KEY_DIGITS + len(template)} bytes (a key and one commodity_created envelope)")
    results += await bare_paths(args.nats_url, template, args)
    return results, KEY_DIGITS + len(template)


def ratios(results: list[Result]) -> dict[str, dict[str, float]]:
    by_path = {r.path: r for r in results}
    out = {}
    for label, (mandi, bare) in RATIOS.items():
        a, b = by_path[mandi], by_path[bare]
        out[label] = {
            "rate_ratio": a.rate / b.rate if b.rate else float("nan"),
            "p50_ratio": a.p50_ms / b.p50_ms,
            "p99_ratio": a.p99_ms / b.p99_ms,
        }
    return out


# title, alignment and width, number format
COLUMNS = (
    ("path", "<15", ""),
    ("events", ">7", ""),
    ("handled", ">7", ""),
    ("concurrency", ">11", ""),
    ("sent/s", ">9", ".1f"),
    ("events/s", ">9", ".1f"),
    ("backlog", ">7", ""),
    ("p50 ms", ">8", ".2f"),
    ("p99 ms", ">8", ".2f"),
    ("max ms", ">8", ".2f"),
)


def print_table(results: list[Result]) -> None:
    header = " ".join(f"{title:{layout}}" for title, layout, _ in COLUMNS)
    print(header)
    print("-" * len(header))
    for r in results:
        values = (
            r.path,
            r.events,
            r.handled,
            r.concurrency,
            r.send_rate,
            r.rate,
            r.backlog,
            r.p50_ms,
            r.p99_ms,
            r.max_ms,
        )
        print(" ".join(f"{v:{layout}{number}}" for v, (_, layout, number) in zip(values, COLUMNS, strict=True)))
    print()
    for label, ratio in ratios(results).items():
        print(
            f"{label}: events/s ratio = {ratio['rate_ratio']:.3f}, "
            f"p50 ratio = {ratio['p50_ratio']:.1f}, p99 ratio = {ratio['p99_ratio']:.1f}"
        )


def rounded(value: Any) -> Any:
    return round(value, 3) if isinstance(value, float) else value


def print_json(results: list[Result], payload_bytes: int, args: argparse.Namespace) -> None:
    document: dict[str, Any] = {
        "config": {
            "events": args.events,
            "concurrency": args.concurrency,
            "warmup": args.warmup,
            "timeout_seconds": args.timeout,
            "relay_interval_seconds": RELAY_INTERVAL_SECONDS,
            "fetch_batch": FETCH_BATCH,
            "bare_payload_bytes": payload_bytes,
            "use_case": "create_commodity",
        },
        "results": [{k: rounded(v) for k, v in {**asdict(r), "missing": r.missing}.items()} for r in results],
        "ratios": {label: {k: rounded(v) for k, v in r.items()} for label, r in ratios(results).items()},
    }
    print(json.dumps(document, indent=2))


def positive_seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_url = os.environ.get("MANDI_BENCH_DATABASE_URL") or os.environ.get("MANDI_TEST_DATABASE_URL")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int_at_least(1), default=2000, help="measured events per path")
    parser.add_argument("--concurrency", type=int_at_least(1), default=8, help="use-case calls / publishes in flight")
    parser.add_argument("--warmup", type=int_at_least(0), default=50, help="unmeasured events before each path")
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=120.0,
        help="seconds after the last commit for every event to be handled",
    )
    parser.add_argument(
        "--database-url",
        default=default_url or DEFAULT_ADMIN_URL,
        help="admin URL of the PostgreSQL server to create the bench database on "
        "(default: $MANDI_BENCH_DATABASE_URL, else $MANDI_TEST_DATABASE_URL, else %(default)s)",
    )
    parser.add_argument(
        "--nats-url", default=os.environ.get("MANDI_BENCH_NATS_URL") or DEFAULT_NATS_URL, help="NATS with JetStream"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> tuple[list[Result], int]:
    uvloop.run(check_jetstream(args.nats_url))
    with temporary_database(args.database_url) as database_url:
        env = mandi_env(database_url)
        run_mandi(["migrate"], env)
        run_mandi(["seed"], env)
        return uvloop.run(run_all(database_url, args))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    logging.basicConfig(level=logging.WARNING, format="bench: %(levelname)s %(name)s: %(message)s")
    try:
        results, payload_bytes = run(args)
    except BenchError as error:
        log(f"error: {error}")
        return 2
    if args.json:
        print_json(results, payload_bytes, args)
    else:
        print_table(results)
    missing = sum(r.missing for r in results)
    if missing:
        log(f"{missing} events were not handled within {args.timeout:g}s")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
