"""The database pool as metrics: connections in use, overflow, idle, and the wait for one."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import Pool

from backend.core.observability.metrics import observe_pool_wait
from backend.core.observability.tracing import instrument_engine

_TIMED = "_mandi_timed_connect"


def time_pool_checkouts(engine: AsyncEngine) -> None:
    """Observe how long each checkout from ``engine``'s pool takes (idempotent).

    SQLAlchemy has no event before a checkout, so the pool's ``connect`` (what the engine calls to
    get a connection) is wrapped. The time includes waiting for a free connection, opening a new
    one and the pre-ping. A pool made by ``engine.dispose()`` is not timed; the app disposes only
    at shutdown.
    """
    pool = engine.sync_engine.pool
    if getattr(pool, _TIMED, False):
        return
    connect: Callable[[], Any] = pool.connect

    @functools.wraps(connect)
    def timed_connect() -> Any:
        started = time.perf_counter()
        try:
            return connect()
        finally:
            observe_pool_wait(time.perf_counter() - started)

    setattr(pool, "connect", timed_connect)  # noqa: B010 - an instance attribute shadows the method
    setattr(pool, _TIMED, True)


def observe_engine(engine: AsyncEngine) -> None:
    """Pool wait times and (when tracing is on) statement spans for ``engine``."""
    time_pool_checkouts(engine)
    instrument_engine(engine)


def _stat(pool: Pool, name: str) -> float | None:
    reading = getattr(pool, name, None)
    return float(reading()) if callable(reading) else None


class PoolCollector(Collector):
    """Reads the pool's counters at scrape time."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[Metric]:
        pool = self._engine.sync_engine.pool
        for name, documentation, method in (
            ("mandi_db_pool_connections_in_use", "Connections checked out of the pool", "checkedout"),
            ("mandi_db_pool_connections_idle", "Connections checked in, ready for use", "checkedin"),
            ("mandi_db_pool_overflow", "Connections beyond pool_size (negative: not yet opened)", "overflow"),
            ("mandi_db_pool_size", "Configured size of the pool", "size"),
        ):
            value = _stat(pool, method)
            if value is not None:
                yield GaugeMetricFamily(name, documentation, value=value)
