"""The storage port of the cache: an in-process LRU or Redis behind the same few operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from backend.core.cache.keys import Slot
from backend.core.cache.policy import CachePolicy


class CacheUnavailable(Exception):
    """The backend failed or is marked down; the caller degrades to loading from the source."""


@dataclass(frozen=True)
class Entry:
    payload: bytes
    fresh_until: float  # wall-clock seconds: entries in Redis are shared by processes with their own clocks


@dataclass(frozen=True)
class Lookup:
    """``generation`` is the invalidation state the read saw; the write of a value loaded after this
    read carries it, and a backend drops (or hides) the write when an invalidation came in between,
    so a value loaded before a change can never be stored as if it were newer."""

    generation: str
    entry: Entry | None


@dataclass(frozen=True)
class Target:
    """Which entries of a policy an invalidation drops: all, one tenant's, or one user's."""

    tenant: str | None = None
    user: str | None = None

    def covers(self, slot: Slot) -> bool:
        if self.user is not None:
            return slot.user == self.user
        if self.tenant is not None:
            return slot.tenant == self.tenant
        return True


class CacheBackend(Protocol):
    async def read(self, policy: CachePolicy[Any], slot: Slot) -> Lookup: ...

    async def write(self, policy: CachePolicy[Any], slot: Slot, generation: str, entry: Entry) -> None: ...

    async def invalidate(self, policy: CachePolicy[Any], target: Target) -> None: ...

    async def close(self) -> None: ...
