"""The SQL of ``identity.outgoing_messages``: enqueue in the command's transaction, claim, record outcomes.

A message is enqueued by the same session that writes the command's other rows, so it exists exactly
when the command committed. Its body is erased once it is sent or given up: it carries codes, which
identity otherwise keeps only as hashes. The dispatcher claims due messages with ``FOR UPDATE SKIP LOCKED``:
concurrent dispatchers take disjoint rows and a row stays locked until its outcome is recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.ids import new_uuid
from backend.modules.identity.infrastructure.tables import outgoing_messages

EMAIL = "email"
SMS = "sms"
PENDING = "pending"
SENT = "sent"
FAILED = "failed"
ERASED = ""  # the body of a message that is sent or given up


class Undeliverable(Exception):
    """The server or gateway refused the message itself (the recipient or the content), so trying
    again cannot help: the message is given up at once."""


@dataclass(frozen=True)
class OutgoingMessage:
    id: uuid.UUID
    channel: str
    recipient: str
    body: str
    attempts: int  # failed tries so far


async def enqueue(session: AsyncSession, channel: str, recipient: str, body: str, now: datetime) -> uuid.UUID:
    message_id = new_uuid()
    await session.execute(
        outgoing_messages.insert().values(
            id=message_id,
            channel=channel,
            recipient=recipient,
            body=body,
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    return message_id


async def claim_due(
    session: AsyncSession, channels: Collection[str], now: datetime, limit: int
) -> list[OutgoingMessage]:
    """Lock up to ``limit`` pending messages of ``channels`` due at ``now``, oldest due first; rows
    another dispatcher holds are skipped, never waited for."""
    m = outgoing_messages
    statement = (
        select(m.c.id, m.c.channel, m.c.recipient, m.c.body, m.c.attempts)
        .where(m.c.status == PENDING, m.c.next_attempt_at <= now, m.c.channel.in_(list(channels)))
        .order_by(m.c.next_attempt_at, m.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [OutgoingMessage(*row) for row in (await session.execute(statement)).all()]


async def mark_sent(
    session: AsyncSession, message_id: uuid.UUID, attempts: int, provider_message_id: str | None, now: datetime
) -> None:
    await _record(
        session,
        message_id,
        status=SENT,
        attempts=attempts,
        sent_at=now,
        provider_message_id=None if provider_message_id is None else provider_message_id[:255],
        last_error=None,
        body=ERASED,
    )


async def mark_retry(
    session: AsyncSession, message_id: uuid.UUID, attempts: int, error: str, next_attempt_at: datetime
) -> None:
    await _record(
        session, message_id, status=PENDING, attempts=attempts, last_error=error, next_attempt_at=next_attempt_at
    )


async def mark_failed(session: AsyncSession, message_id: uuid.UUID, attempts: int, error: str) -> None:
    await _record(session, message_id, status=FAILED, attempts=attempts, last_error=error, body=ERASED)


async def _record(session: AsyncSession, message_id: uuid.UUID, **values: object) -> None:
    await session.execute(update(outgoing_messages).where(outgoing_messages.c.id == message_id).values(**values))


async def purge_finished(session: AsyncSession, before: datetime) -> int:
    """Forget sent and failed messages queued before ``before`` (their bodies are erased already)."""
    m = outgoing_messages
    result = await session.execute(delete(m).where(m.c.status.in_((SENT, FAILED)), m.c.created_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
