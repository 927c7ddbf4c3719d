"""Scheduled jobs: cron expressions in a time zone, each run recorded, one runner per job at a time.

Every worker runs the scheduler. A run is claimed by inserting ``(job, scheduled_for)`` into
``platform.job_runs`` (a unique key, so one worker wins each slot) while holding the job's
PostgreSQL advisory lock (so a slow run never overlaps the next one on another worker).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from croniter import croniter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.core.clock import utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    cron: str  # five fields, read in ``time_zone`` (e.g. "0 3 * * *" is 03:00 there)
    run: Callable[[], Awaitable[object]]
    time_zone: str = "UTC"

    def __post_init__(self) -> None:
        if not croniter.is_valid(self.cron):
            raise ValueError(f"job {self.name}: {self.cron!r} is not a cron expression")
        ZoneInfo(self.time_zone)

    def last_due(self, now: datetime) -> datetime:
        """The latest scheduled instant at or before ``now`` (as aware UTC)."""
        local = now.astimezone(ZoneInfo(self.time_zone))
        previous: datetime = croniter(self.cron, local).get_prev(datetime)
        return previous.astimezone(now.tzinfo)


_CLAIM = text(
    "INSERT INTO platform.job_runs (job, scheduled_for, started_at, status)"
    " VALUES (:job, :slot, now(), 'running') ON CONFLICT DO NOTHING RETURNING id"
)
_FINISH = text("UPDATE platform.job_runs SET finished_at = now(), status = :status, error = :error WHERE id = :id")


def _lock_key(job: str) -> int:
    return zlib.crc32(f"mandi.job:{job}".encode())


class Scheduler:
    def __init__(self, engine: AsyncEngine, jobs: Sequence[Job], *, poll_seconds: float = 15.0) -> None:
        self._engine = engine
        self._jobs = list(jobs)
        self._poll_seconds = poll_seconds

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.run_due()
            except Exception:
                log.exception("scheduler round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self._poll_seconds)

    async def run_due(self, now: datetime | None = None) -> list[str]:
        """Run every job whose latest slot has no run yet; returns the names that ran."""
        moment = now or utc_now()
        ran: list[str] = []
        for job in self._jobs:
            if await self._run_slot(job, job.last_due(moment)):
                ran.append(job.name)
        return ran

    async def _run_slot(self, job: Job, slot: datetime) -> bool:
        async with self._engine.connect() as connection:
            locked = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": _lock_key(job.name)})
            await connection.commit()
            if not locked:
                return False  # another worker is running this job right now
            try:
                run_id = await connection.scalar(_CLAIM, {"job": job.name, "slot": slot})
                await connection.commit()
                if run_id is None:
                    return False
                status, error = "succeeded", None
                try:
                    await job.run()
                except Exception as failure:
                    log.exception("job %s failed", job.name)
                    status, error = "failed", repr(failure)[:2000]
                await connection.execute(_FINISH, {"status": status, "error": error, "id": run_id})
                await connection.commit()
                return True
            finally:
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _lock_key(job.name)})
                await connection.commit()
