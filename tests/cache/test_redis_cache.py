"""The cache on the machine's Redis: shared entries, isolation, ttl, and invalidation across processes
(two caches with their own connections stand for two processes). A dead Redis must only cost misses."""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from backend.core.cache import CacheOwner, CachePolicy
from backend.core.cache.invalidation import subscribe_invalidations
from backend.core.cache.redis_backend import GENERATION_MARGIN_SECONDS, RedisBackend
from backend.core.cache.service import PolicyCache
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from tests.cache.conftest import RecordingStats, closed_port, redis_cache
from tests.cache.policies import MY_PRICES, PRICES, Loader, constant, failing, price
from tests.cache.test_policy_cache import updated

A, B = CacheOwner(uuid.uuid4(), uuid.uuid4()), CacheOwner(uuid.uuid4(), uuid.uuid4())


@pytest.fixture
async def two_processes(redis_url: str, redis_prefix: str) -> AsyncIterator[tuple[PolicyCache, PolicyCache]]:
    first = redis_cache(redis_url, redis_prefix, RecordingStats())
    second = redis_cache(redis_url, redis_prefix, RecordingStats())
    yield first, second
    await first.close()
    await second.close()


async def test_an_entry_stored_by_one_process_serves_the_other(two_processes: tuple[PolicyCache, PolicyCache]) -> None:
    first, second = two_processes
    assert await first.get_or_load(PRICES, A, "x", constant(price(amount="61250.50"))) == price(amount="61250.50")
    shared = await second.get_or_load(PRICES, A, "x", failing)
    assert str(shared.price) == "61250.50"


async def test_entries_carry_the_prefix_tenant_and_a_lifetime(
    two_processes: tuple[PolicyCache, PolicyCache], redis_client: Redis, redis_prefix: str
) -> None:
    first, _ = two_processes
    await first.get_or_load(PRICES, A, "x", constant(price()))
    [key] = [k.decode() async for k in redis_client.scan_iter(match=f"{redis_prefix}:c:*")]
    assert key.startswith(f"{redis_prefix}:c:test.prices:0.0:{A.tenant_id}:-:")
    assert 9_000 < await redis_client.pttl(key) <= 10_000


async def test_no_entry_serves_another_tenant_or_user(two_processes: tuple[PolicyCache, PolicyCache]) -> None:
    first, second = two_processes
    await first.get_or_load(PRICES, A, "x", constant(price(amount="1")))
    assert (await second.get_or_load(PRICES, B, "x", constant(price(amount="2")))).price == 2
    await first.get_or_load(MY_PRICES, A, "x", constant(price(amount="3")))
    other_user = CacheOwner(A.tenant_id, uuid.uuid4())
    assert (await second.get_or_load(MY_PRICES, other_user, "x", constant(price(amount="4")))).price == 4


async def test_an_invalidation_in_one_process_holds_in_the_other_at_once(
    two_processes: tuple[PolicyCache, PolicyCache], redis_client: Redis, redis_prefix: str
) -> None:
    first, second = two_processes
    for owner in (A, B):
        await second.get_or_load(PRICES, owner, "x", constant(price(amount="1")))
    await first.invalidate_tenant(PRICES, A.tenant_id)
    assert (await second.get_or_load(PRICES, A, "x", constant(price(amount="2")))).price == 2
    assert (await second.get_or_load(PRICES, B, "x", failing)).price == 1
    # the generation outlives every entry written under it, then goes
    generation = f"{redis_prefix}:g:test.prices:t:{A.tenant_id}"
    lifetime_ms = (PRICES.lifetime_seconds + GENERATION_MARGIN_SECONDS) * 1000
    assert lifetime_ms - 1000 < await redis_client.pttl(generation) <= lifetime_ms

    await first.invalidate_all(PRICES)
    assert (await second.get_or_load(PRICES, B, "x", constant(price(amount="3")))).price == 3


async def test_a_user_invalidation_holds_in_the_other_process(two_processes: tuple[PolicyCache, PolicyCache]) -> None:
    first, second = two_processes
    await second.get_or_load(MY_PRICES, A, "x", constant(price(amount="1")))
    assert A.user_id is not None
    await first.invalidate_user(MY_PRICES, A.user_id)
    assert (await second.get_or_load(MY_PRICES, A, "x", constant(price(amount="2")))).price == 2


async def test_an_event_handled_by_one_process_invalidates_for_all(
    two_processes: tuple[PolicyCache, PolicyCache],
) -> None:
    worker, api = two_processes
    bus = InProcessBus()  # only the worker handles the event, as with a broker's shared consumer
    subscribe_invalidations(bus, worker, [PRICES])
    await api.get_or_load(PRICES, A, "x", constant(price(amount="1")))
    await api.get_or_load(PRICES, B, "x", constant(price(amount="1")))
    await bus.publish(Envelope.wrap(updated(), tenant_id=str(A.tenant_id)))
    assert (await api.get_or_load(PRICES, A, "x", constant(price(amount="2")))).price == 2
    assert (await api.get_or_load(PRICES, B, "x", failing)).price == 1


async def test_a_value_loaded_across_an_invalidation_in_another_process_stays_hidden(
    two_processes: tuple[PolicyCache, PolicyCache],
) -> None:
    first, second = two_processes
    old = Loader(price(amount="1"), gate=asyncio.Event())
    reader = asyncio.create_task(first.get_or_load(PRICES, A, "x", old))
    await old.started.wait()
    await second.invalidate_tenant(PRICES, A.tenant_id)
    old.gate.set()  # type: ignore[union-attr]
    assert (await reader).price == 1
    assert (await second.get_or_load(PRICES, A, "x", constant(price(amount="2")))).price == 2


async def test_concurrent_misses_in_a_process_load_once(two_processes: tuple[PolicyCache, PolicyCache]) -> None:
    first, _ = two_processes
    load = Loader(price(), gate=asyncio.Event())
    readers = [asyncio.create_task(first.get_or_load(PRICES, A, "hot", load)) for _ in range(30)]
    await load.started.wait()
    await asyncio.sleep(0.05)
    load.gate.set()  # type: ignore[union-attr]
    assert set(await asyncio.gather(*readers)) == {price()}
    assert load.loads == 1


async def test_entries_expire_and_stale_ones_are_refreshed(redis_url: str, redis_prefix: str) -> None:
    short = CachePolicy(name="test.short", codec=PRICES.codec, ttl=timedelta(milliseconds=200))
    stale = CachePolicy(
        name="test.short_stale",
        codec=PRICES.codec,
        ttl=timedelta(milliseconds=200),
        stale_while_revalidate=timedelta(seconds=5),
    )
    cache = redis_cache(redis_url, redis_prefix, RecordingStats())
    try:
        await cache.get_or_load(short, A, "x", constant(price(amount="1")))
        await cache.get_or_load(stale, A, "x", constant(price(amount="1")))
        await asyncio.sleep(0.3)
        assert (await cache.get_or_load(short, A, "x", constant(price(amount="2")))).price == 2
        refresh = Loader(price(amount="2"))
        assert (await cache.get_or_load(stale, A, "x", refresh)).price == 1  # stale, served at once
        await asyncio.sleep(0.05)
        assert refresh.loads == 1
        assert (await cache.get_or_load(stale, A, "x", failing)).price == 2
    finally:
        await cache.close()


async def test_an_unreachable_redis_degrades_to_misses(caplog: pytest.LogCaptureFixture) -> None:
    stats = RecordingStats()
    cache = redis_cache(f"redis://127.0.0.1:{closed_port()}/0", "mandi-test-dead", stats, timeout=0.2)
    load = Loader(price())
    try:
        with caplog.at_level(logging.WARNING, logger="backend.core.cache.service"):
            for _ in range(5):
                assert await cache.get_or_load(PRICES, A, "x", load) == price()
            await cache.invalidate_tenant(PRICES, A.tenant_id)  # logged and counted, never raised
    finally:
        await cache.close()
    assert load.loads == 5
    hits, misses, errors = stats.of(PRICES.name)
    assert (hits, misses) == (0, 5)
    assert errors == 6
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]  # once per interval, not per request
    assert "degraded to loading from the source" in warnings[0].getMessage()


async def test_while_redis_is_marked_down_lookups_do_not_wait_for_it() -> None:
    backend = RedisBackend.from_url(f"redis://127.0.0.1:{closed_port()}/0", "mandi-test-dead", timeout=0.2)
    cache = PolicyCache(backend, RecordingStats())
    try:
        await cache.get_or_load(PRICES, A, "x", constant(price()))  # fails and marks Redis down
        started = time.perf_counter()
        for _ in range(100):
            await cache.get_or_load(PRICES, A, "x", constant(price()))
        assert time.perf_counter() - started < 0.5
    finally:
        await cache.close()


# a Redis that stops and comes back


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; run: scripts/services.sh up redis")
    server = PrivateRedis(binary, closed_port())
    server.start()
    yield server
    server.stop()


class PrivateRedis:
    def __init__(self, binary: str, port: int) -> None:
        self.binary, self.port = binary, port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
            )
            if probe.stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


async def test_requests_survive_redis_stopping_and_use_it_again_when_it_is_back(private_redis: PrivateRedis) -> None:
    stats = RecordingStats()
    backend = RedisBackend.from_url(private_redis.url, "mandi-test", timeout=0.2, retry_after=0.2)
    cache = PolicyCache(backend, stats)
    try:
        await cache.get_or_load(PRICES, A, "x", constant(price(amount="1")))
        assert (await cache.get_or_load(PRICES, A, "x", failing)).price == 1

        private_redis.stop()
        assert (await cache.get_or_load(PRICES, A, "x", constant(price(amount="2")))).price == 2
        assert stats.of(PRICES.name)[2] >= 1

        private_redis.start()
        await asyncio.sleep(0.3)  # past retry_after: Redis is asked again
        assert (await cache.get_or_load(PRICES, A, "x", constant(price(amount="3")))).price == 3
        assert (await cache.get_or_load(PRICES, A, "x", failing)).price == 3
    finally:
        await cache.close()
