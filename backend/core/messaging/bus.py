"""The in-process message bus: subscribers by wire name, called by the outbox relay."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.handling import handling
from backend.core.observability.messaging import consuming

log = logging.getLogger(__name__)

Handler = Callable[[IntegrationEvent], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """``consumer`` names the reaction (``<context>.on_<event>_<reaction>``) in the inbox."""

    wire_name: str
    consumer: str
    handler: Handler


class DeliveryFailed(Exception):
    """One or more subscribers raised; the relay retries the event later."""

    def __init__(self, wire_name: str, failures: dict[str, BaseException]) -> None:
        names = ", ".join(f"{consumer}: {error!r}" for consumer, error in failures.items())
        super().__init__(f"{wire_name} failed in {names}")
        self.failures = failures


class InProcessBus:
    """Delivers an event to every subscriber in this process.

    Every subscriber is tried even when an earlier one fails, and the event counts as delivered
    only when all succeed; subscribers are idempotent (inbox), so a retry is harmless.
    """

    def __init__(self) -> None:
        self._subscriptions: dict[str, list[Subscription]] = defaultdict(list)

    def subscribe(self, wire_name: str, consumer: str, handler: Handler) -> None:
        existing = self._subscriptions[wire_name]
        if any(sub.consumer == consumer for sub in existing):
            raise ValueError(f"{consumer} already subscribes to {wire_name}")
        existing.append(Subscription(wire_name, consumer, handler))

    def subscriptions(self, wire_name: str | None = None) -> list[Subscription]:
        if wire_name is None:
            return [sub for subs in self._subscriptions.values() for sub in subs]
        return list(self._subscriptions.get(wire_name, ()))

    async def publish(self, envelope: Envelope) -> None:
        event = envelope.event()
        failures: dict[str, BaseException] = {}
        for sub in self._subscriptions.get(event.wire_name, ()):
            try:
                with handling(envelope), consuming(envelope, sub.consumer):
                    await sub.handler(event)
            except Exception as error:
                log.exception("subscriber %s failed on %s %s", sub.consumer, event.wire_name, event.event_id)
                failures[sub.consumer] = error
        if failures:
            raise DeliveryFailed(event.wire_name, failures)
