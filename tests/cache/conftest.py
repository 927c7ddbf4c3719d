"""Fixtures of the cache tests: a settable clock, counting stats, and the machine's Redis under a
key prefix of each test's own (deleted afterwards)."""

from __future__ import annotations

import os
import socket
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
from redis.asyncio import Redis

from backend.core.cache.memory import MemoryBackend
from backend.core.cache.redis_backend import RedisBackend
from backend.core.cache.service import PolicyCache

REDIS_URL = os.environ.get("MANDI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingStats:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def hit(self, policy: str) -> None:
        self.counts["hit", policy] += 1

    def miss(self, policy: str) -> None:
        self.counts["miss", policy] += 1

    def error(self, policy: str) -> None:
        self.counts["error", policy] += 1

    def of(self, policy: str) -> tuple[int, int, int]:
        """(hits, misses, errors)"""
        return self.counts["hit", policy], self.counts["miss", policy], self.counts["error", policy]


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def stats() -> RecordingStats:
    return RecordingStats()


@pytest.fixture
def cache(clock: FakeClock, stats: RecordingStats) -> PolicyCache:
    return PolicyCache(MemoryBackend(clock), stats, clock=clock)


@pytest.fixture(scope="session")
def redis_url() -> str:
    parts = urlsplit(REDIS_URL)
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex((parts.hostname or "127.0.0.1", parts.port or 6379)) != 0:
            pytest.fail(f"no Redis at {REDIS_URL}; run: scripts/services.sh up redis (or set MANDI_TEST_REDIS_URL)")
    return REDIS_URL


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """Keys of this test only; whatever it leaves in Redis is deleted after it."""
    prefix = f"mandi-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def redis_cache(url: str, prefix: str, stats: RecordingStats, **kwargs: float) -> PolicyCache:
    """A cache as one process would have it: its own connection pool to the shared Redis."""
    return PolicyCache(RedisBackend.from_url(url, prefix, timeout=kwargs.pop("timeout", 1.0), **kwargs), stats)
