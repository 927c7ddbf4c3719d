"""The in-process backend (the embedded default): an LRU per policy with a lifetime per entry."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backend.core.cache.backends import Entry, Lookup, Target
from backend.core.cache.keys import Slot
from backend.core.cache.policy import CachePolicy


@dataclass(frozen=True)
class _Stored:
    slot: Slot
    entry: Entry
    expires_at: float  # the end of the stale window: after it the entry is gone


class MemoryBackend:
    """Entries live in this process only; invalidation reaches other processes only by their ttl.

    The generation is a counter per policy, raised by every invalidation of that policy, so a value
    whose load began before an invalidation is not stored (coarse, and cheap: invalidations are rare).
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._entries: dict[str, OrderedDict[str, _Stored]] = {}
        self._generations: dict[str, int] = {}

    async def read(self, policy: CachePolicy[Any], slot: Slot) -> Lookup:
        generation = str(self._generations.get(policy.name, 0))
        entries = self._entries.get(policy.name)
        stored = None if entries is None else entries.get(slot.key)
        if entries is None or stored is None:
            return Lookup(generation, None)
        if stored.expires_at <= self._clock():
            del entries[slot.key]
            return Lookup(generation, None)
        entries.move_to_end(slot.key)
        return Lookup(generation, stored.entry)

    async def write(self, policy: CachePolicy[Any], slot: Slot, generation: str, entry: Entry) -> None:
        if generation != str(self._generations.get(policy.name, 0)):
            return  # invalidated while this value was loading: it may predate the change
        entries = self._entries.setdefault(policy.name, OrderedDict())
        entries[slot.key] = _Stored(slot, entry, self._clock() + policy.lifetime_seconds)
        entries.move_to_end(slot.key)
        while len(entries) > policy.max_entries:
            entries.popitem(last=False)

    async def invalidate(self, policy: CachePolicy[Any], target: Target) -> None:
        self._generations[policy.name] = self._generations.get(policy.name, 0) + 1
        entries = self._entries.get(policy.name)
        if entries is None:
            return
        for key in [key for key, stored in entries.items() if target.covers(stored.slot)]:
            del entries[key]

    def size(self, policy: CachePolicy[Any]) -> int:
        return len(self._entries.get(policy.name, ()))

    async def close(self) -> None:
        self._entries.clear()
