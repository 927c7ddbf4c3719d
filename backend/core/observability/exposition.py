"""``/metrics`` of one process: the process-wide metrics plus gauges read from its own resources.

Each container owns an ``AppMetrics``: a registry with the process-wide metrics, its engine's
pool gauges, the outbox backlog of every context and the standard process/GC collectors. The API
serves it at ``GET /metrics``; ``mandi worker`` on ``MANDI_METRICS_PORT``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from prometheus_client import GCCollector, PlatformCollector, ProcessCollector, generate_latest, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry
from sqlalchemy import Table, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.core.messaging.tables import PENDING
from backend.core.observability.database import PoolCollector
from backend.core.observability.metrics import REGISTRY

log = logging.getLogger(__name__)

BACKLOG_MAX_STALENESS_SECONDS = 1.0  # scrapes closer together than this reuse the last reading


@dataclass(frozen=True)
class Backlog:
    pending: int
    oldest_age_seconds: float


class _ProcessWide(Collector):
    """Forwards the process-wide registry, so every app registry includes it."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


class OutboxBacklog(Collector):
    """Pending events and the age of the oldest one per context, read by ``refresh()``.

    One small query per outbox (``count`` and ``min`` over the partial index of pending rows);
    collect() reports the last reading, since a scrape cannot wait on the event loop.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], outboxes: Sequence[Table]) -> None:
        self._session_factory = session_factory
        self._outboxes = list(outboxes)
        self._readings: dict[str, Backlog] = {}
        self._read_at = 0.0
        self._lock = asyncio.Lock()

    async def refresh(self, max_staleness: float = BACKLOG_MAX_STALENESS_SECONDS) -> None:
        async with self._lock:
            if time.monotonic() - self._read_at < max_staleness:
                return
            try:
                readings = await self._read()
            except Exception:  # a scrape must still answer; the last reading stays
                log.warning("outbox backlog could not be read", exc_info=True)
                return
            self._readings, self._read_at = readings, time.monotonic()

    async def _read(self) -> dict[str, Backlog]:
        readings: dict[str, Backlog] = {}
        async with self._session_factory() as session:
            for outbox in self._outboxes:
                # clock_timestamp(), not now(): now() is the start of this (or an enclosing) transaction
                age = func.extract("epoch", literal_column("clock_timestamp()") - func.min(outbox.c.recorded_at))
                query = select(func.count(), age).select_from(outbox).where(outbox.c.status == PENDING)
                row = (await session.execute(query)).one()
                readings[str(outbox.schema)] = Backlog(int(row[0]), max(float(row[1] or 0.0), 0.0))
        return readings

    def collect(self) -> Iterator[Metric]:
        pending = GaugeMetricFamily(
            "mandi_outbox_pending_events", "Outbox events not yet delivered", labels=["context"]
        )
        age = GaugeMetricFamily(
            "mandi_outbox_oldest_pending_age_seconds",
            "Age of the oldest undelivered outbox event (0 when none is pending)",
            labels=["context"],
        )
        for context, reading in sorted(self._readings.items()):
            pending.add_metric([context], reading.pending)
            age.add_metric([context], reading.oldest_age_seconds)
        yield pending
        yield age


class AppMetrics:
    """The registry one container exposes."""

    def __init__(
        self,
        engine: AsyncEngine,
        session_factory: async_sessionmaker[AsyncSession],
        outboxes: Sequence[Table],
    ) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_ProcessWide())
        self.registry.register(PoolCollector(engine))
        self.backlog = OutboxBacklog(session_factory, outboxes)
        self.registry.register(self.backlog)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)

    async def render(self) -> bytes:
        """The text exposition, with a fresh outbox reading."""
        await self.backlog.refresh()
        return generate_latest(self.registry)

    async def serve(self, port: int, stop: asyncio.Event, refresh_seconds: float = 10.0) -> None:
        """Serve the registry on ``port`` (a worker has no HTTP app) until ``stop``."""
        await self.backlog.refresh(max_staleness=0)  # the first scrape already sees the backlog
        server, thread = start_http_server(port, registry=self.registry)
        log.info("metrics on port %d", port)
        try:
            while not stop.is_set():
                await self.backlog.refresh(max_staleness=0)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=refresh_seconds)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
