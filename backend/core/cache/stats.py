"""The counting hook of the cache: observability wires Prometheus counters into it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class CacheStats(Protocol):
    """Every lookup counts as exactly one hit or miss; ``error`` additionally counts a backend failure
    (the lookup then degraded to a miss) and failed writes or invalidations."""

    def hit(self, policy: str) -> None: ...

    def miss(self, policy: str) -> None: ...

    def error(self, policy: str) -> None: ...


class NoStats:
    """Counts nothing: for caches built where no metrics registry is wired (tests, tools)."""

    def hit(self, policy: str) -> None:
        """Not counted."""

    def miss(self, policy: str) -> None:
        """Not counted."""

    def error(self, policy: str) -> None:
        """Not counted."""


NO_STATS = NoStats()


class CallbackStats:
    """Counts through three functions, e.g. the Prometheus counters of ``backend.core.observability``."""

    def __init__(
        self, on_hit: Callable[[str], None], on_miss: Callable[[str], None], on_error: Callable[[str], None]
    ) -> None:
        self._on_hit, self._on_miss, self._on_error = on_hit, on_miss, on_error

    def hit(self, policy: str) -> None:
        self._on_hit(policy)

    def miss(self, policy: str) -> None:
        self._on_miss(policy)

    def error(self, policy: str) -> None:
        self._on_error(policy)
