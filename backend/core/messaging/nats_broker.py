"""NATS JetStream transport: a stream per context, durable pull consumers, a dead-letter stream.

The outbox relay publishes each envelope to ``<context>.<event>.v<N>`` with the event id as the
JetStream de-duplication id and marks the row sent only once the stream acknowledged it. Every
subscription is a durable consumer shared by all worker processes (the work is split between
them); a message is acked only after the handler's transaction committed, retried with growing
delays when the handler fails, and after the last attempt copied to the dead-letter stream and
terminated, so one poison message never holds up the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from backend.core.messaging.bus import Subscription
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.handling import handling
from backend.core.observability.messaging import consuming
from backend.core.observability.tracing import trace_headers

log = logging.getLogger(__name__)

DLQ_SUBJECT = "dlq"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class BrokerSettings:
    url: str
    stream_prefix: str = "MANDI"
    duplicate_window_seconds: float = 120.0
    ack_wait_seconds: float = 30.0
    max_attempts: int = 5
    batch_size: int = 16


@dataclass(frozen=True)
class DeadLetter:
    sequence: int
    consumer: str
    wire_name: str
    event_id: str
    error: str
    envelope: Envelope


def retry_delay(attempt: int) -> float:
    """Seconds before delivery ``attempt + 1``: 1, 2, 4 ... capped at five minutes."""
    return float(min(2 ** max(attempt - 1, 0), 300))


def durable_name(consumer: str) -> str:
    return _UNSAFE.sub("_", consumer)


class NatsBroker:
    def __init__(self, settings: BrokerSettings, contexts: Sequence[str]) -> None:
        self.settings = settings
        self._contexts = tuple(contexts)
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None

    @property
    def js(self) -> JetStreamContext:
        if self._js is None:
            raise RuntimeError("the broker is not connected")
        return self._js

    def stream_of(self, context: str) -> str:
        return f"{self.settings.stream_prefix}_{context.upper()}"

    @property
    def dlq_stream(self) -> str:
        return f"{self.settings.stream_prefix}_DLQ"

    @property
    def connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    async def connect(self) -> None:
        # reconnect forever: a broker restart must not end workers or API processes
        self._nc = await nats.connect(
            self.settings.url, name="mandi", max_reconnect_attempts=-1, reconnect_time_wait=0.5, connect_timeout=5
        )
        self._js = self._nc.jetstream(timeout=5)
        await self.declare_streams()

    async def close(self) -> None:
        if self._nc is not None:
            with contextlib.suppress(Exception):
                await self._nc.flush(timeout=2)  # what was published is on the wire
                await self._nc.close()
            self._nc = None
            self._js = None

    async def declare_streams(self) -> None:
        """Create or update the streams; safe to run from every process at every start."""
        prefix = self.settings.stream_prefix.lower()
        wanted = [(self.stream_of(context), [f"{context}.>"]) for context in self._contexts] + [
            (self.dlq_stream, [f"{prefix}.{DLQ_SUBJECT}.>"])
        ]
        for name, subjects in wanted:
            config = StreamConfig(
                name=name,
                subjects=subjects,
                storage=StorageType.FILE,
                duplicate_window=self.settings.duplicate_window_seconds,
            )
            try:
                await self.js.stream_info(name)
                await self.js.update_stream(config)
            except NotFoundError:
                await self.js.add_stream(config)

    async def publish(self, envelope: Envelope) -> None:
        """Returns once JetStream stored the event; a re-send within the window is dropped there."""
        ack = await self.js.publish(
            envelope.wire_name,
            envelope.to_bytes(),
            stream=self.stream_of(envelope.context),
            headers={"Nats-Msg-Id": str(envelope.event_id), **trace_headers(envelope.traceparent)},
        )
        if ack.duplicate:
            log.info("event %s was already in stream %s", envelope.event_id, ack.stream)

    async def ping(self) -> None:
        if self._nc is None or not self._nc.is_connected:
            raise ConnectionError("not connected to the broker")
        await self._nc.flush(timeout=2)

    # consumers

    async def consume(self, subscriptions: Sequence[Subscription], stop: asyncio.Event) -> None:
        """Run one fetch loop per subscription until ``stop``; in-flight handlers finish first."""
        tasks = [asyncio.create_task(self._consume_one(sub, stop), name=sub.consumer) for sub in subscriptions]
        if tasks:
            await asyncio.gather(*tasks)

    async def _subscription(self, sub: Subscription) -> JetStreamContext.PullSubscription:
        context = sub.wire_name.split(".", 1)[0]
        config = ConsumerConfig(
            durable_name=durable_name(sub.consumer),
            filter_subject=sub.wire_name,
            ack_wait=self.settings.ack_wait_seconds,
            max_deliver=self.settings.max_attempts + 1,  # the last delivery only moves it to the DLQ
        )
        return await self.js.pull_subscribe(
            sub.wire_name, durable=durable_name(sub.consumer), stream=self.stream_of(context), config=config
        )

    async def _consume_one(self, sub: Subscription, stop: asyncio.Event) -> None:
        pull = await self._subscription(sub)
        try:
            while not stop.is_set():
                try:
                    messages = await pull.fetch(self.settings.batch_size, timeout=1)
                except NatsTimeout:
                    continue
                except Exception:
                    log.exception("fetch for %s failed; retrying", sub.consumer)  # broker hiccup
                    await asyncio.sleep(1)
                    continue
                for message in messages:
                    await self._handle(sub, message)
        finally:
            with contextlib.suppress(Exception):
                await pull.unsubscribe()

    async def _handle(self, sub: Subscription, message: Msg) -> None:
        attempt = message.metadata.num_delivered
        try:
            envelope = Envelope.from_bytes(message.data)
            with handling(envelope), consuming(envelope, sub.consumer, (message.headers or {}).get("traceparent")):
                await sub.handler(envelope.event())
        except Exception as error:  # noqa: BLE001 - the handler's failure decides retry or dead letter
            if attempt >= self.settings.max_attempts:
                await self._dead_letter(sub, message, error)
                await message.term()
            else:
                log.warning("%s failed on attempt %d: %r", sub.consumer, attempt, error)
                await message.nak(delay=retry_delay(attempt))
            return
        await message.ack()

    async def _dead_letter(self, sub: Subscription, message: Msg, error: BaseException) -> None:
        log.error(
            "%s gave up on %s after %d attempts: %r", sub.consumer, message.subject, self.settings.max_attempts, error
        )
        headers = {
            "Mandi-Consumer": sub.consumer,
            "Mandi-Subject": message.subject,
            "Mandi-Error": repr(error)[:1000],
        }
        prefix = self.settings.stream_prefix.lower()
        await self.js.publish(
            f"{prefix}.{DLQ_SUBJECT}.{durable_name(sub.consumer)}",
            message.data,
            stream=self.dlq_stream,
            headers=headers,
        )

    # dead letters

    async def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        info = await self.js.stream_info(self.dlq_stream)
        letters: list[DeadLetter] = []
        sequence = info.state.first_seq
        while sequence and sequence <= info.state.last_seq and len(letters) < limit:
            with contextlib.suppress(NotFoundError):  # deleted (replayed) entries leave gaps
                raw = await self.js.get_msg(self.dlq_stream, sequence)
                letters.append(_dead_letter_of(raw.seq or sequence, raw.headers or {}, raw.data or b""))
            sequence += 1
        return letters

    async def replay(self, sequence: int) -> DeadLetter:
        """Publish the event again for its consumers (the inbox keeps it once) and drop the letter."""
        raw = await self.js.get_msg(self.dlq_stream, sequence)
        letter = _dead_letter_of(sequence, raw.headers or {}, raw.data or b"")
        await self.js.publish(
            letter.wire_name,
            letter.envelope.to_bytes(),
            stream=self.stream_of(letter.envelope.context),
            headers={"Nats-Msg-Id": f"{letter.event_id}:replay:{sequence}"},
        )
        await self.js.delete_msg(self.dlq_stream, sequence)
        return letter


def _dead_letter_of(sequence: int, headers: dict[str, Any], data: bytes) -> DeadLetter:
    envelope = Envelope.from_bytes(data)
    return DeadLetter(
        sequence=sequence,
        consumer=str(headers.get("Mandi-Consumer", "")),
        wire_name=envelope.wire_name,
        event_id=str(envelope.event_id),
        error=str(headers.get("Mandi-Error", "")),
        envelope=envelope,
    )
