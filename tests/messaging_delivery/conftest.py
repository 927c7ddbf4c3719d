"""A container whose e-mail goes to an in-process SMTP server and whose SMS go to an in-process gateway."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.app.bootstrap import Container
from backend.core.clock import utc_now
from backend.core.config import Settings
from tests.messaging_delivery.servers import (
    GATEWAY_TOKEN,
    SMTP_PASSWORD,
    SMTP_USER,
    GatewayStub,
    SmtpRecorder,
    free_port,
    start_smtp,
)

MAIL_FROM = "Mandi <no-reply@mandi.example>"
SENDER = "MANDI"
MAX_ATTEMPTS = 3


class Clock:
    """The dispatcher's time, moved on by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = utc_now() + timedelta(seconds=1)  # just past the enqueue times

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def delivering(settings: Settings, smtp_port: int, gateway_port: int) -> Settings:
    """``settings`` with both transports configured (as the environment would set them)."""
    credentials = f"{quote(SMTP_USER, safe='')}:{quote(SMTP_PASSWORD, safe='')}"
    return settings.model_copy(
        update={
            "smtp_url": SecretStr(f"smtp://{credentials}@127.0.0.1:{smtp_port}"),
            "mail_from": MAIL_FROM,
            "sms_gateway_url": f"http://127.0.0.1:{gateway_port}/v1/messages",
            "sms_gateway_token": SecretStr(GATEWAY_TOKEN),
            "sms_sender": SENDER,
            "message_max_attempts": MAX_ATTEMPTS,
            "message_send_timeout_seconds": 5.0,
        }
    )


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpRecorder, int]]:
    recorder, port = SmtpRecorder(), free_port()
    controller = start_smtp(recorder, port)
    try:
        yield recorder, port
    finally:
        controller.stop()


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[GatewayStub, int]]:
    stub = GatewayStub()
    server = await asyncio.start_server(stub.handle, "127.0.0.1", 0)
    try:
        yield stub, int(server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
def delivery_settings(settings: Settings, smtp: tuple[SmtpRecorder, int], gateway: tuple[GatewayStub, int]) -> Settings:
    return delivering(settings, smtp[1], gateway[1])


@pytest.fixture
def delivery(
    delivery_settings: Settings, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> Container:
    """Like ``container`` (one rolled-back transaction), with real e-mail and SMS transports."""
    return Container(settings=delivery_settings, engine=engine, session_factory=session_factory)


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def outgoing(container: Container, recipient: str) -> list[dict[str, object]]:
    """The outgoing messages to ``recipient``, oldest first, as rows of plain values."""
    async with container.session_factory() as session:
        rows = await session.execute(
            text("SELECT * FROM identity.outgoing_messages WHERE recipient = :r ORDER BY created_at, id"),
            {"r": recipient},
        )
        return [dict(row._mapping) for row in rows]


async def dev_messages(container: Container, recipient: str) -> int:
    async with container.session_factory() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM identity.dev_messages WHERE recipient = :r"), {"r": recipient}
        )
    return int(count or 0)
