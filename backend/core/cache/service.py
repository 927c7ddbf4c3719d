"""``PolicyCache``: policies applied on a backend, with single-flight loads and stale-while-revalidate.

- Single flight: concurrent misses of one entry in this process share one load (one task; a caller
  that gives up does not cancel it for the others). Across processes each process loads once.
- Stale while revalidate: within the policy's stale window an expired value is still served while
  one background load replaces it; an invalidated value is never served (invalidation changes the
  generation, so the old entry is simply not found).
- Degradation: a backend failure turns the lookup into a miss (the source answers), is counted as
  an error and logged at most once per ``error_log_interval`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from backend.core.cache.backends import CacheBackend, CacheUnavailable, Entry, Lookup, Target
from backend.core.cache.keys import NOBODY, Slot, slot_for
from backend.core.cache.policy import CacheOwner, CachePolicy, CacheScope
from backend.core.cache.stats import NO_STATS, CacheStats

log = logging.getLogger(__name__)

T = TypeVar("T")
_Flight = tuple[str, str, str | None]  # policy, slot key, generation (None: backend unavailable)


class _ThrottledWarning:
    """One warning per interval while failures go on, with how many there were."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._next_at = 0.0
        self._unreported = 0

    def __call__(self, message: str, *args: object) -> None:
        self._unreported += 1
        now = time.monotonic()
        if now < self._next_at:
            return
        log.warning(message + " (%d failures since the last report)", *args, self._unreported)
        self._unreported = 0
        self._next_at = now + self._interval


class PolicyCache:
    def __init__(
        self,
        backend: CacheBackend,
        stats: CacheStats = NO_STATS,
        *,
        clock: Callable[[], float] = time.time,
        error_log_interval: float = 30.0,
    ) -> None:
        self.backend = backend
        self._stats = stats
        self._clock = clock
        self._warn = _ThrottledWarning(error_log_interval)
        self._flights: dict[_Flight, asyncio.Task[Any]] = {}

    # reads

    async def get_or_load(
        self, policy: CachePolicy[T], owner: CacheOwner, parts: object, loader: Callable[[], Awaitable[T]]
    ) -> T:
        slot = slot_for(policy, owner, parts)
        lookup = await self._read(policy, slot)
        if lookup is not None and lookup.entry is not None:
            boxed = self._decode(policy, lookup.entry)
            if boxed is not None:
                now = self._clock()
                if now < lookup.entry.fresh_until:
                    self._stats.hit(policy.name)
                    return boxed[0]
                if now < lookup.entry.fresh_until + policy.stale_seconds:
                    self._stats.hit(policy.name)
                    self._start_flight(policy, slot, lookup.generation, loader, background=True)
                    return boxed[0]
        self._stats.miss(policy.name)
        generation = None if lookup is None else lookup.generation
        flight = self._start_flight(policy, slot, generation, loader, background=False)
        return cast(T, await asyncio.shield(flight))

    async def _read(self, policy: CachePolicy[Any], slot: Slot) -> Lookup | None:
        try:
            return await self.backend.read(policy, slot)
        except CacheUnavailable as error:
            self._stats.error(policy.name)
            self._warn("cache %s degraded to loading from the source: %s", policy.name, error)
            return None

    def _decode(self, policy: CachePolicy[T], entry: Entry) -> tuple[T] | None:
        try:
            return (policy.codec.decode(entry.payload),)
        except ValueError as error:  # pydantic's ValidationError is one: an entry from an older shape
            self._stats.error(policy.name)
            self._warn("cache %s holds an entry it cannot decode (%s); loading instead", policy.name, error)
            return None

    # loads

    def _start_flight(
        self,
        policy: CachePolicy[T],
        slot: Slot,
        generation: str | None,
        loader: Callable[[], Awaitable[T]],
        *,
        background: bool,
    ) -> asyncio.Task[Any]:
        key: _Flight = (policy.name, slot.key, generation)
        flight = self._flights.get(key)
        if flight is None:
            flight = asyncio.create_task(self._load(policy, slot, generation, loader), name=f"cache {policy.name}")
            self._flights[key] = flight
            flight.add_done_callback(lambda done: self._landed(key, done, background))
        return flight

    def _landed(self, key: _Flight, flight: asyncio.Task[Any], background: bool) -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]
        if flight.cancelled():
            return
        error = flight.exception()  # retrieved here, so an unawaited failure is not reported as lost
        if error is not None and background:
            log.warning("refreshing a stale %s entry failed; serving it until it expires: %r", key[0], error)

    async def _load(
        self, policy: CachePolicy[T], slot: Slot, generation: str | None, loader: Callable[[], Awaitable[T]]
    ) -> T:
        value = await loader()
        if generation is None:
            return value  # the backend just failed: do not spend another timeout on a write
        try:
            entry = Entry(policy.codec.encode(value), self._clock() + policy.ttl_seconds)
        except ValueError as error:
            self._stats.error(policy.name)
            self._warn("cache %s cannot encode a %s: %s", policy.name, type(value).__name__, error)
            return value
        try:
            await self.backend.write(policy, slot, generation, entry)
        except CacheUnavailable as error:
            self._stats.error(policy.name)
            self._warn("cache %s could not store an entry: %s", policy.name, error)
        return value

    # invalidation

    async def invalidate_all(self, policy: CachePolicy[Any]) -> None:
        await self._invalidate(policy, Target())

    async def invalidate_tenant(self, policy: CachePolicy[Any], tenant_id: uuid.UUID | None) -> None:
        if policy.scope is CacheScope.GLOBAL:
            await self._invalidate(policy, Target())
            return
        await self._invalidate(policy, Target(tenant=NOBODY if tenant_id is None else str(tenant_id)))

    async def invalidate_user(self, policy: CachePolicy[Any], user_id: uuid.UUID) -> None:
        if policy.scope is not CacheScope.USER:
            raise ValueError(f"cache policy {policy.name} is not per user; invalidate its tenant or all of it")
        await self._invalidate(policy, Target(user=str(user_id)))

    async def _invalidate(self, policy: CachePolicy[Any], target: Target) -> None:
        # the change it follows is committed already: failing now would only misreport it, so a
        # failed invalidation is logged and counted, and the entries it missed end with their ttl
        try:
            await self.backend.invalidate(policy, target)
        except CacheUnavailable as error:
            self._stats.error(policy.name)
            self._warn("cache %s could not be invalidated; entries end with their ttl: %s", policy.name, error)

    async def close(self) -> None:
        flights = list(self._flights.values())
        for flight in flights:
            flight.cancel()
        await asyncio.gather(*flights, return_exceptions=True)
        await self.backend.close()
