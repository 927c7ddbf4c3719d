"""Scheduled jobs: one run per slot across workers, failures recorded, cron read in the job's time zone."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.core.scheduling import Job, Scheduler


async def _runs(engine: AsyncEngine, job: str) -> list[tuple[str, str | None]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT status, error FROM platform.job_runs WHERE job = :job ORDER BY id"), {"job": job}
        )
        return [(row[0], row[1]) for row in rows]


def test_cron_is_read_in_the_job_time_zone() -> None:
    job = Job("tz", "30 3 * * *", lambda: asyncio.sleep(0), time_zone="Asia/Kolkata")
    # 03:30 in Kolkata is 22:00 UTC the day before
    assert job.last_due(datetime(2026, 11, 29, 0, 0, tzinfo=UTC)) == datetime(2026, 11, 28, 22, 0, tzinfo=UTC)


def test_a_bad_cron_expression_is_refused() -> None:
    with pytest.raises(ValueError, match="not a cron expression"):
        Job("bad", "every day", lambda: asyncio.sleep(0))


async def test_two_schedulers_run_a_slot_once_and_record_it(engine: AsyncEngine) -> None:
    name = f"test.count.{uuid.uuid4().hex[:8]}"
    calls: list[int] = []

    async def work() -> None:
        calls.append(1)
        await asyncio.sleep(0.2)  # long enough for the other worker to try meanwhile

    schedulers = [Scheduler(engine, [Job(name, "*/5 * * * *", work)]) for _ in range(2)]
    moment = datetime(2026, 11, 29, 6, 7, tzinfo=UTC)
    results = await asyncio.gather(*(s.run_due(moment) for s in schedulers))
    assert sorted(len(r) for r in results) == [0, 1]
    assert calls == [1]
    assert await _runs(engine, name) == [("succeeded", None)]
    # the same slot again: nothing; the next slot: one more run
    assert await schedulers[0].run_due(moment) == []
    assert await schedulers[1].run_due(datetime(2026, 11, 29, 6, 11, tzinfo=UTC)) == [name]
    assert len(calls) == 2


async def test_a_failing_job_is_recorded_and_the_next_slot_runs_again(engine: AsyncEngine) -> None:
    name = f"test.fail.{uuid.uuid4().hex[:8]}"

    async def broken() -> None:
        raise RuntimeError("ledger offline")

    scheduler = Scheduler(engine, [Job(name, "0 * * * *", broken)])
    assert await scheduler.run_due(datetime(2026, 11, 29, 6, 30, tzinfo=UTC)) == [name]
    assert await scheduler.run_due(datetime(2026, 11, 29, 7, 30, tzinfo=UTC)) == [name]
    runs = await _runs(engine, name)
    assert [status for status, _ in runs] == ["failed", "failed"]
    assert "ledger offline" in (runs[0][1] or "")


async def test_the_platform_jobs_run(committed_container) -> None:  # type: ignore[no-untyped-def]
    container = committed_container()
    await Scheduler(container.engine, container.jobs()).run_due()
    # whoever ran them (workers of other tests share this database), each current slot has a run
    for job in container.jobs():
        assert await _runs(container.engine, job.name), job.name
    assert await Scheduler(container.engine, container.jobs()).run_due() == []  # nothing twice
