"""The outbox relay: claims pending outbox rows and hands them to the bus.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` so several relays (API processes, workers) share
the work without delivering a row twice at once. A row is marked sent only after every subscriber
succeeded; a failure leaves it pending with exponential back-off, and after ``max_attempts`` it is
parked as dead so it cannot block the others. An event is never claimed while an earlier event of
the same aggregate is still pending, which keeps delivery in order per aggregate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Protocol

from opentelemetry.instrumentation.utils import suppress_instrumentation
from sqlalchemy import Row, Table, and_, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.clock import utc_now
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.tables import DEAD, PENDING, SENT
from backend.core.observability.messaging import publishing

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)


class Publisher(Protocol):
    """Hands an envelope on: to in-process subscribers, or to the broker (returning once it acked)."""

    async def publish(self, envelope: Envelope) -> None: ...


def envelope_of(row: Row) -> Envelope:  # type: ignore[type-arg]
    return Envelope(
        event_id=row.event_id,
        wire_name=row.wire_name,
        version=int(row.wire_name.rsplit(".v", 1)[1]),
        occurred_at=row.occurred_at,
        aggregate_type=row.aggregate_type,
        aggregate_id=row.aggregate_id,
        tenant_id=row.tenant_id,
        actor_id=row.actor_id,
        correlation_id=row.correlation_id,
        causation_id=row.causation_id,
        traceparent=row.traceparent,
        payload=row.payload,
    )


def backoff(attempts: int) -> timedelta:
    """Delay before the next try: 1 s, 2 s, 4 s ... capped at ten minutes."""
    exponent = min(max(attempts - 1, 0), 20)  # 2**20 s is past the cap already
    return min(timedelta(seconds=2**exponent), MAX_BACKOFF)


class OutboxRelay:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        outboxes: Sequence[Table],
        publisher: Publisher,
        *,
        batch_size: int = 100,
        max_attempts: int = 10,
    ) -> None:
        self._session_factory = session_factory
        self._outboxes = list(outboxes)
        self._publisher = publisher
        self._batch_size = batch_size
        self._max_attempts = max_attempts

    async def deliver_pending(self) -> int:
        """Deliver one batch from every outbox; returns how many events were delivered."""
        delivered = 0
        for outbox in self._outboxes:
            delivered += await self._deliver_batch(outbox)
        return delivered

    async def drain(self) -> int:
        """Deliver until nothing is ready (used by tests and ``mandi worker --once``)."""
        total = 0
        while (count := await self.deliver_pending()) > 0:
            total += count
        return total

    async def run(self, stop: asyncio.Event, interval_seconds: float) -> None:
        """Poll until ``stop`` is set; an error in one round is logged and the loop goes on."""
        while not stop.is_set():
            try:
                # polling would be a trace every round; each delivery still gets its own span
                with suppress_instrumentation():
                    delivered = await self.deliver_pending()
            except Exception:
                log.exception("outbox relay round failed")
                delivered = 0
            if delivered == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval_seconds)

    def _claim(self, outbox: Table):  # type: ignore[no-untyped-def]
        earlier = outbox.alias("earlier")
        has_earlier_pending = exists().where(
            and_(
                earlier.c.aggregate_id == outbox.c.aggregate_id,
                earlier.c.status == PENDING,
                earlier.c.seq < outbox.c.seq,
            )
        )
        return (
            select(outbox)
            .where(outbox.c.status == PENDING, outbox.c.available_at <= utc_now(), ~has_earlier_pending)
            .order_by(outbox.c.seq)
            .limit(self._batch_size)
            .with_for_update(skip_locked=True)
        )

    async def _deliver_batch(self, outbox: Table) -> int:
        delivered = 0
        async with self._session_factory() as session, session.begin():
            rows = (await session.execute(self._claim(outbox))).all()
            for row in rows:
                if await self._deliver_row(session, outbox, row):
                    delivered += 1
        return delivered

    async def _deliver_row(self, session: AsyncSession, outbox: Table, row: Row) -> bool:  # type: ignore[type-arg]
        try:
            envelope = envelope_of(row)
            envelope.event()  # a row that no longer decodes must not reach the consumers
            with publishing(envelope) as traced:  # a span under the request that wrote the row
                await self._publisher.publish(traced)
        except Exception as error:  # noqa: BLE001 - any failure is recorded on the row and retried
            attempts = row.attempts + 1
            status = DEAD if attempts >= self._max_attempts else PENDING
            log.warning("delivery of %s %s failed (attempt %d): %r", row.wire_name, row.event_id, attempts, error)
            await session.execute(
                update(outbox)
                .where(outbox.c.seq == row.seq)
                .values(
                    attempts=attempts,
                    status=status,
                    last_error=repr(error)[:2000],
                    available_at=utc_now() + backoff(attempts),
                )
            )
            return False
        await session.execute(
            update(outbox)
            .where(outbox.c.seq == row.seq)
            .values(status=SENT, sent_at=utc_now(), attempts=row.attempts + 1)
        )
        return True
