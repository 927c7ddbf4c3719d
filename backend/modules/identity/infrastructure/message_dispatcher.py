"""Sends the queued e-mail and SMS of ``identity.outgoing_messages`` through their transports.

Each round claims a small batch of due messages (``FOR UPDATE SKIP LOCKED``), sends them one by
one and records each outcome before the batch commits, so two dispatchers never send one message
at the same time. A crash between a send and that commit sends the message again later: delivery
is at least once (e-mails keep their Message-ID, and the gateway gets the message id as
``Idempotency-Key``). A failed try is retried after 10 s, 20 s, 40 s ... at most 30 minutes apart,
and after ``max_attempts`` tries the message is marked failed; a message the server or gateway
refuses outright (a 5xx about the recipient or content, a gateway's 400/422) is failed at once.
Logs and metrics never carry a body (it holds codes) nor a full recipient.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from opentelemetry.instrumentation.utils import suppress_instrumentation
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.clock import utc_now
from backend.core.messaging.relay import backoff
from backend.core.observability.metrics import REGISTRY
from backend.core.observability.redaction import redact_text
from backend.modules.identity.infrastructure import outgoing_queue as queue
from backend.modules.identity.infrastructure.outgoing_queue import OutgoingMessage, Undeliverable

log = logging.getLogger(__name__)

RETRY_FACTOR = 10  # times the relay's 1 s, 2 s, 4 s ...: a mail server or gateway needs longer to recover
MAX_RETRY_DELAY = timedelta(minutes=30)
ERROR_LIMIT = 300
KEEP_FINISHED = timedelta(days=30)

MESSAGES_SENT = Counter(
    "mandi_outgoing_messages_sent", "E-mails and SMS handed to their server or gateway", ("channel",), registry=REGISTRY
)
MESSAGE_FAILURES = Counter(
    "mandi_outgoing_message_failures",
    "Failed tries to send an e-mail or SMS: outcome retry (tried again later), failed (given up after the"
    " last try) or rejected (refused by the server or gateway: given up at once)",
    ("channel", "outcome"),
    registry=REGISTRY,
)


class MessageTransport(Protocol):
    channel: str

    async def send(self, message: OutgoingMessage) -> str | None:
        """Hand the message over; returns the provider's id for it (None when it gives none)."""


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 10 s, 20 s, 40 s ... capped at 30 minutes."""
    return min(backoff(attempts) * RETRY_FACTOR, MAX_RETRY_DELAY)


def masked(recipient: str) -> str:
    """Enough to tell recipients apart in a log, not to reach anyone: ``r***@example.com``, ``***210``."""
    local, at, domain = recipient.rpartition("@")
    return f"{local[:1]}***@{domain}" if at else f"***{recipient[-3:]}"


def short_error(error: BaseException, recipient: str) -> str:
    """One line naming the failure, the recipient masked and anything code-like cut out."""
    lines = str(error).splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return redact_text(text.replace(recipient, masked(recipient)))[:ERROR_LIMIT]


class OutgoingMessageDispatcher:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        transports: Mapping[str, MessageTransport],
        *,
        batch_size: int = 10,
        max_attempts: int = 8,
        send_timeout_seconds: float = 10.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._session_factory = session_factory
        self._transports = dict(transports)
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._send_timeout = send_timeout_seconds
        self._clock = clock

    @property
    def channels(self) -> frozenset[str]:
        """The channels with a transport: only their messages are queued (the others stay in dev_messages)."""
        return frozenset(self._transports)

    async def dispatch_due(self, stop: asyncio.Event | None = None) -> int:
        """Send one batch of due messages; returns how many were tried. Once ``stop`` is set the rest
        of the batch is left for later, so a shutdown commits the outcomes of what was sent."""
        if not self._transports:
            return 0
        tried = 0
        async with self._session_factory() as session, session.begin():
            for message in await queue.claim_due(session, self.channels, self._clock(), self._batch_size):
                if stop is not None and stop.is_set():
                    break
                await self._send(session, message)
                tried += 1
        return tried

    async def purge(self) -> int:
        """Forget sent and failed messages after ``KEEP_FINISHED``: their outcome stays readable a while."""
        async with self._session_factory() as session, session.begin():
            return await queue.purge_finished(session, self._clock() - KEEP_FINISHED)

    async def drain(self) -> int:
        """Send until nothing is due (a failed message waits for its next try): tests and ``--once``."""
        total = 0
        while (count := await self.dispatch_due()) > 0:
            total += count
        return total

    async def run(self, stop: asyncio.Event, interval_seconds: float) -> None:
        """Poll until ``stop`` is set; a failing round is logged and the loop goes on."""
        while not stop.is_set():
            try:
                with suppress_instrumentation():  # a poll is not worth a trace
                    tried = await self.dispatch_due(stop)
            except Exception:
                log.exception("outgoing message round failed")
                tried = 0
            if tried < self._batch_size:  # a full batch: more may be due at once
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval_seconds)

    async def _send(self, session: AsyncSession, message: OutgoingMessage) -> None:
        attempt = message.attempts + 1
        fields = {
            "message_id": str(message.id),
            "channel": message.channel,
            "attempt": attempt,
            "recipient": masked(message.recipient),
        }
        try:
            async with asyncio.timeout(self._send_timeout):
                provider_id = await self._transports[message.channel].send(message)
        except Undeliverable as error:
            await self._give_up(session, message, attempt, short_error(error, message.recipient), fields, "rejected")
            return
        except Exception as error:  # noqa: BLE001 - any failure is recorded on the message and retried
            await self._failed(session, message, attempt, short_error(error, message.recipient), fields)
            return
        await queue.mark_sent(session, message.id, attempt, provider_id, self._clock())
        MESSAGES_SENT.labels(message.channel).inc()
        log.info("outgoing message sent", extra={**fields, "provider_message_id": provider_id})

    async def _failed(
        self, session: AsyncSession, message: OutgoingMessage, attempt: int, error: str, fields: dict[str, object]
    ) -> None:
        if attempt >= self._max_attempts:
            await self._give_up(session, message, attempt, error, fields, "failed")
            return
        next_attempt_at = self._clock() + retry_delay(attempt)
        await queue.mark_retry(session, message.id, attempt, error, next_attempt_at)
        MESSAGE_FAILURES.labels(message.channel, "retry").inc()
        log.warning(
            "outgoing message not sent; will retry",
            extra={**fields, "error": error, "next_attempt_at": next_attempt_at.isoformat()},
        )

    async def _give_up(
        self,
        session: AsyncSession,
        message: OutgoingMessage,
        attempt: int,
        error: str,
        fields: dict[str, object],
        outcome: str,
    ) -> None:
        await queue.mark_failed(session, message.id, attempt, error)
        MESSAGE_FAILURES.labels(message.channel, outcome).inc()
        log.error("outgoing message failed for good", extra={**fields, "error": error, "outcome": outcome})
