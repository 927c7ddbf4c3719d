"""The dispatcher runs where the outbox relay runs: in the API process's lifespan and in ``mandi worker``
(``--once`` sends what is due). On committed transactions; cleans up the rows it committed."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.app.bootstrap import Container
from backend.app.main import create_app
from backend.app.worker import run_worker
from backend.core.config import Settings
from backend.core.principal import SYSTEM_SCOPE
from backend.db.engine import create_session_factory
from backend.modules.identity.infrastructure.tables import outgoing_messages
from tests.messaging_delivery.servers import SmtpRecorder


@pytest.fixture
async def committing(delivery_settings: Settings, engine: AsyncEngine) -> AsyncIterator[Container]:
    container = Container(settings=delivery_settings, engine=engine, session_factory=create_session_factory(engine))
    yield container
    async with container.session_factory() as session, session.begin():
        await session.execute(delete(outgoing_messages).where(outgoing_messages.c.recipient.like("wiring-%")))


async def queue_email(container: Container) -> str:
    recipient = f"wiring-{uuid.uuid4().hex[:8]}@mandi.example"
    async with container.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("email", recipient, "Welcome to Mandi. Your desk is ready.")
        await uow.commit()
    return recipient


async def status_of(container: Container, recipient: str) -> str | None:
    async with container.session_factory() as session:
        found = await session.scalar(
            select(outgoing_messages.c.status).where(outgoing_messages.c.recipient == recipient)
        )
    return None if found is None else str(found)


async def test_the_api_process_sends_queued_messages_while_it_runs(
    committing: Container, smtp: tuple[SmtpRecorder, int]
) -> None:
    settings = committing.settings.model_copy(update={"run_relay": True, "message_poll_seconds": 0.05})
    app = create_app(settings, committing)
    async with app.router.lifespan_context(app):
        recipient = await queue_email(committing)
        async with asyncio.timeout(10):
            while await status_of(committing, recipient) != "sent":  # noqa: ASYNC110 - a row to watch, no event
                await asyncio.sleep(0.05)
    assert [mail.message["To"] for mail in smtp[0].received] == [recipient]


async def test_worker_once_sends_what_is_due(committing: Container, smtp: tuple[SmtpRecorder, int]) -> None:
    recipient = await queue_email(committing)
    await run_worker(committing.settings, once=True)
    assert await status_of(committing, recipient) == "sent"
    assert [mail.message["To"] for mail in smtp[0].received] == [recipient]
