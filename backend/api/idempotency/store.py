"""Stored responses for ``Idempotency-Key`` requests (schema ``platform``).

A key is claimed before the request runs, so two concurrent requests with one key cannot both
execute; a claim left behind by a crashed process expires after ``LOCK_TIMEOUT``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.clock import utc_now
from backend.db.metadata import Base

SCHEMA = "platform"
LOCK_TIMEOUT = timedelta(seconds=60)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_expires_at", "expires_at"), {"schema": SCHEMA})

    scope: Mapped[str] = mapped_column(String(400), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[list[list[str]] | None] = mapped_column(JSONB)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Outcome(enum.Enum):
    CLAIMED = "claimed"  # run the request, then complete() or release()
    REPLAY = "replay"  # same key and body already answered: send the stored response
    MISMATCH = "mismatch"  # same key, different body
    IN_PROGRESS = "in_progress"  # same key still running elsewhere


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Claim:
    outcome: Outcome
    response: StoredResponse | None = None


class IdempotencyStore:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], ttl: timedelta) -> None:
        self._session_factory = session_factory
        self._ttl = ttl

    async def claim(self, scope: str, key: str, request_hash: str) -> Claim:
        now = utc_now()
        async with self._session_factory() as session, session.begin():
            inserted = await session.execute(
                pg_insert(IdempotencyRecord)
                .values(
                    scope=scope,
                    key=key,
                    request_hash=request_hash,
                    locked_until=now + LOCK_TIMEOUT,
                    created_at=now,
                    expires_at=now + self._ttl,
                )
                .on_conflict_do_nothing()
                .returning(IdempotencyRecord.key)
            )
            if inserted.first() is not None:
                return Claim(Outcome.CLAIMED)
            record = await session.scalar(
                select(IdempotencyRecord)
                .where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
                .with_for_update()
            )
            if record is None:  # deleted between our insert and select: the next call claims it
                return Claim(Outcome.IN_PROGRESS)
            if record.expires_at <= now or (
                record.response_status is None and record.locked_until and record.locked_until <= now
            ):
                # an expired answer, or a claim whose process died: take the key over
                record.request_hash = request_hash
                record.locked_until = now + LOCK_TIMEOUT
                record.response_status = None
                record.response_headers = None
                record.response_body = None
                record.created_at = now
                record.expires_at = now + self._ttl
                return Claim(Outcome.CLAIMED)
            if record.request_hash != request_hash:
                return Claim(Outcome.MISMATCH)
            if record.response_status is None:
                return Claim(Outcome.IN_PROGRESS)
            headers = [(name, value) for name, value in record.response_headers or []]
            return Claim(Outcome.REPLAY, StoredResponse(record.response_status, headers, record.response_body or b""))

    async def complete(self, scope: str, key: str, response: StoredResponse) -> None:
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(IdempotencyRecord)
                .where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
                .values(
                    response_status=response.status,
                    response_headers=[list(pair) for pair in response.headers],
                    response_body=response.body,
                    locked_until=None,
                )
            )

    async def release(self, scope: str, key: str) -> None:
        """Forget a claim whose request failed on the server side, so the client may retry."""
        async with self._session_factory() as session, session.begin():
            await session.execute(
                delete(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
            )

    async def purge_expired(self) -> int:
        async with self._session_factory() as session, session.begin():
            result = await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utc_now()))
            return int(getattr(result, "rowcount", 0) or 0)


class JobRun(Base):
    """One run of a scheduled job (``backend.core.scheduling``); the table lives with the platform's."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "scheduled_for"),
        CheckConstraint("status IN ('running', 'succeeded', 'failed')", name="status_known"),
        {"schema": SCHEMA},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    job: Mapped[str] = mapped_column(String(100))
    scheduled_for: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
