"""Token buckets: in process, and shared through the real Redis on this machine."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import from_url

from backend.core.rate_limit import InProcessBuckets, RedisBuckets


async def test_in_process_bucket_allows_the_burst_then_says_how_long_to_wait() -> None:
    buckets = InProcessBuckets()
    assert [await buckets.take("t", rate=1.0, capacity=3) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await buckets.take("t", rate=1.0, capacity=3)
    assert 0 < wait <= 1.0
    assert await buckets.take("other", rate=1.0, capacity=3) == 0.0


@pytest.fixture
async def redis_client():  # type: ignore[no-untyped-def]
    client = from_url("redis://127.0.0.1:6379/0")
    yield client
    await client.aclose()


async def test_redis_buckets_are_shared_between_processes(redis_client) -> None:  # type: ignore[no-untyped-def]
    prefix = f"test:quota:{uuid.uuid4().hex}:"
    first, second = RedisBuckets(redis_client, prefix), RedisBuckets(redis_client, prefix)
    assert await first.take("tenant", rate=0.5, capacity=2) == 0.0
    assert await second.take("tenant", rate=0.5, capacity=2) == 0.0
    assert await first.take("tenant", rate=0.5, capacity=2) > 0  # the other "process" took the last token
    await redis_client.delete(f"{prefix}tenant")


async def test_an_unreachable_redis_degrades_to_the_process_bucket() -> None:
    broken = from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    try:
        buckets = RedisBuckets(broken)
        assert await buckets.take("tenant", rate=1.0, capacity=1) == 0.0
        assert await buckets.take("tenant", rate=1.0, capacity=1) > 0
    finally:
        await broken.aclose()
