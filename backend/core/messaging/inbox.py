"""Idempotent subscribers: a handler runs in its own unit of work, at most once per event."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Protocol, Self, TypeVar

from backend.core.messaging.bus import Handler
from backend.core.messaging.events import IntegrationEvent


class InboxUnitOfWork(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def claim_inbox(self, event_id: uuid.UUID, consumer: str, wire_name: str) -> bool: ...

    async def commit(self) -> None: ...


U = TypeVar("U", bound=InboxUnitOfWork)


def idempotent(
    consumer: str,
    uow_factory: Callable[[], U],
    handler: Callable[[IntegrationEvent, U], Awaitable[None]],
) -> Handler:
    """Wrap ``handler`` so the inbox row and the handler's writes commit together."""

    async def handle(event: IntegrationEvent) -> None:
        async with uow_factory() as uow:
            if not await uow.claim_inbox(event.event_id, consumer, event.wire_name):
                return
            await handler(event, uow)
            await uow.commit()

    return handle
