"""Token buckets for request quotas: in process (embedded default) or shared through Redis.

A bucket holds up to ``capacity`` tokens and refills at ``rate`` tokens per second; a request
takes one. ``take`` answers 0 when a token was taken, else the seconds until one will be there.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Buckets(Protocol):
    async def take(self, key: str, rate: float, capacity: int) -> float: ...


class InProcessBuckets:
    def __init__(self, max_keys: int = 100_000) -> None:
        self._state: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated at)
        self._lock = asyncio.Lock()
        self._max_keys = max_keys

    async def take(self, key: str, rate: float, capacity: int) -> float:
        async with self._lock:
            now = time.monotonic()
            tokens, updated = self._state.get(key, (float(capacity), now))
            tokens = min(float(capacity), tokens + (now - updated) * rate)
            if tokens >= 1:
                self._remember(key, tokens - 1, now)
                return 0.0
            self._remember(key, tokens, now)
            return (1 - tokens) / rate

    def _remember(self, key: str, tokens: float, now: float) -> None:
        if key not in self._state and len(self._state) >= self._max_keys:
            self._state.pop(next(iter(self._state)))  # drop the oldest bucket; it refills anyway
        self._state[key] = (tokens, now)


# atomic refill-and-take on the Redis server; state in a hash that expires when idle
_TAKE = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'updated', now)
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return tostring(wait)
"""


class RedisBuckets:
    """Shared by every process; when Redis fails, falls back to per-process buckets (and says so)."""

    def __init__(self, redis: Any, prefix: str = "mandi:quota:") -> None:
        self._redis = redis
        self._prefix = prefix
        self._script = redis.register_script(_TAKE)
        self._fallback = InProcessBuckets()

    async def take(self, key: str, rate: float, capacity: int) -> float:
        try:
            # the server's clock, so every process refills the same bucket the same way
            seconds, micros = await self._redis.time()
            now = float(seconds) + float(micros) / 1_000_000
            wait = await self._script(keys=[self._prefix + key], args=[capacity, rate, now])
            return float(wait)
        except Exception as error:  # noqa: BLE001 - a quota outage must not become an API outage
            log.warning("redis quota bucket unavailable, using this process's bucket: %r", error)
            return await self._fallback.take(key, rate, capacity)
