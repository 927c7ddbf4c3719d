"""Two dispatchers on committed transactions (two connections) drain one queue together: the row locks
they skip make each message go out exactly once. Cleans up the rows it committed."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.app.bootstrap import Container
from backend.core.config import Settings
from backend.core.principal import SYSTEM_SCOPE
from backend.db.engine import create_session_factory
from backend.modules.identity.infrastructure.tables import outgoing_messages
from tests.messaging_delivery.servers import SmtpRecorder

MESSAGES = 12
BATCH = 3


def committing(settings: Settings, engine: AsyncEngine) -> Container:
    """A container with the transports whose writes really commit (like ``committed_container``)."""
    return Container(
        settings=settings.model_copy(update={"message_batch_size": BATCH}),
        engine=engine,
        session_factory=create_session_factory(engine),
    )


async def test_two_dispatchers_never_send_one_message_twice(
    engine: AsyncEngine, delivery_settings: Settings, smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder = smtp[0]
    recorder.delay = 0.02  # each send takes a while, so the two dispatchers overlap
    first, second = committing(delivery_settings, engine), committing(delivery_settings, engine)
    recipients = [f"race-{index}-{uuid.uuid4().hex[:8]}@mandi.example" for index in range(MESSAGES)]
    try:
        async with first.identity_uow(SYSTEM_SCOPE) as uow:
            for recipient in recipients:
                await uow.auth.deliver("email", recipient, "Welcome to Mandi. Your desk is ready.")
            await uow.commit()

        counts = await asyncio.gather(first.outgoing_messages.drain(), second.outgoing_messages.drain())

        assert sum(counts) == MESSAGES
        assert all(count > 0 for count in counts), counts  # both took part
        assert Counter(mail.message["To"] for mail in recorder.received) == Counter(recipients)  # each once
        async with first.session_factory() as session:
            statement = select(outgoing_messages.c.status, outgoing_messages.c.attempts).where(
                outgoing_messages.c.recipient.in_(recipients)
            )
            rows = (await session.execute(statement)).all()
        assert sorted(tuple(row) for row in rows) == [("sent", 1)] * MESSAGES
    finally:
        async with first.session_factory() as session, session.begin():
            await session.execute(delete(outgoing_messages).where(outgoing_messages.c.recipient.in_(recipients)))
