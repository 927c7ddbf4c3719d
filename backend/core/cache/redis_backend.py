"""The Redis backend: entries shared by every process, invalidated by generation numbers.

Keys (``<prefix>`` per deployment, or per test run):

- ``<prefix>:g:<policy>``, ``<prefix>:g:<policy>:t:<tenant>``, ``<prefix>:g:<policy>:u:<user>``: the
  generations. Invalidating sets one of them to a new, larger number (Redis's clock in microseconds,
  or the old value + 1), so every process stops seeing the old entries at once: nothing has to be
  found, deleted or broadcast, and no pub/sub message can be missed by a process that was busy.
- ``<prefix>:c:<policy>:<generations>:<tenant>:<user>:<digest>``: an entry, living ttl + stale window.

A read is one round trip (a script reads the generations and the entry); a miss adds one write. The
script touches keys it computes, so this backend needs a single Redis (or a primary with replicas),
not Redis Cluster. Generation keys outlive every entry written under them (lifetime + a margin) and
expire after that, so they do not pile up; a new generation is always larger than any earlier one,
so an expired-and-recreated generation cannot bring back an old entry.
"""

from __future__ import annotations

import time
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from backend.core.cache.backends import CacheUnavailable, Entry, Lookup, Target
from backend.core.cache.keys import Slot
from backend.core.cache.policy import CachePolicy, CacheScope

_READ = """
local generations = {}
for i, key in ipairs(KEYS) do
  generations[i] = redis.call('GET', key) or '0'
end
local generation = table.concat(generations, '.')
return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}
"""

_INVALIDATE = """
local now = redis.call('TIME')
local generation = tonumber(now[1]) * 1000000 + tonumber(now[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if generation <= current then generation = current + 1 end
redis.call('SET', KEYS[1], string.format('%.0f', generation), 'PX', ARGV[1])
return 1
"""

GENERATION_MARGIN_SECONDS = 60.0
_FAILURES = (RedisError, OSError, TimeoutError)


class RedisBackend:
    """``retry_after``: after a failure Redis is not asked again for this long (every lookup is a
    miss at once), so a dead Redis costs one timeout per interval, not one per request."""

    def __init__(self, client: Redis, prefix: str, *, retry_after: float = 1.0) -> None:
        self._client = client
        self._prefix = prefix
        self._retry_after = retry_after
        self._down_until = 0.0
        self._read_script = client.register_script(_READ)
        self._invalidate_script = client.register_script(_INVALIDATE)

    @classmethod
    def from_url(cls, url: str, prefix: str, *, timeout: float, retry_after: float = 1.0) -> RedisBackend:
        # no retries and short timeouts: a slow Redis must cost a request little, the source answers
        client = Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0)
        )
        return cls(client, prefix, retry_after=retry_after)

    @property
    def client(self) -> Redis:
        return self._client

    # keys

    def generation_keys(self, policy: CachePolicy[Any], slot: Slot) -> list[str]:
        base = f"{self._prefix}:g:{policy.name}"
        keys = [base]
        if policy.scope is not CacheScope.GLOBAL:
            keys.append(f"{base}:t:{slot.tenant}")
        if policy.scope is CacheScope.USER:
            keys.append(f"{base}:u:{slot.user}")
        return keys

    def _target_key(self, policy: CachePolicy[Any], target: Target) -> str:
        base = f"{self._prefix}:g:{policy.name}"
        if target.user is not None:
            return f"{base}:u:{target.user}"
        if target.tenant is not None:
            return f"{base}:t:{target.tenant}"
        return base

    def _entry_key(self, policy: CachePolicy[Any], generation: str, slot: Slot) -> str:
        return f"{self._prefix}:c:{policy.name}:{generation}:{slot.key}"

    # operations

    async def read(self, policy: CachePolicy[Any], slot: Slot) -> Lookup:
        self._ensure_up()
        head, tail = f"{self._prefix}:c:{policy.name}:", f":{slot.key}"
        try:
            generation, raw = await self._read_script(keys=self.generation_keys(policy, slot), args=[head, tail])
        except _FAILURES as error:
            raise self._failed(error) from error
        return Lookup(generation.decode(), None if raw is None else _unpack(raw))

    async def write(self, policy: CachePolicy[Any], slot: Slot, generation: str, entry: Entry) -> None:
        self._ensure_up()
        milliseconds = max(1, int(policy.lifetime_seconds * 1000))
        try:
            await self._client.set(self._entry_key(policy, generation, slot), _pack(entry), px=milliseconds)
        except _FAILURES as error:
            raise self._failed(error) from error

    async def invalidate(self, policy: CachePolicy[Any], target: Target) -> None:
        # not skipped while marked down: a lost invalidation is worse than a slow one
        milliseconds = int((policy.lifetime_seconds + GENERATION_MARGIN_SECONDS) * 1000)
        try:
            await self._invalidate_script(keys=[self._target_key(policy, target)], args=[milliseconds])
        except _FAILURES as error:
            raise self._failed(error) from error

    async def close(self) -> None:
        await self._client.aclose()

    # failure handling

    def _ensure_up(self) -> None:
        if time.monotonic() < self._down_until:
            raise CacheUnavailable("Redis failed moments ago; not asking it again yet")

    def _failed(self, error: BaseException) -> CacheUnavailable:
        self._down_until = time.monotonic() + self._retry_after
        return CacheUnavailable(f"Redis: {type(error).__name__}: {error}")


def _pack(entry: Entry) -> bytes:
    return b"%.3f\n" % entry.fresh_until + entry.payload


def _unpack(raw: bytes) -> Entry | None:
    fresh_until, _, payload = raw.partition(b"\n")
    try:
        return Entry(payload, float(fresh_until))
    except ValueError:
        return None  # not written by this code: a miss, and the next write replaces it
