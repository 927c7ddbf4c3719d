"""The SQLAlchemy unit of work every context's unit of work derives from.

One instance per request or message, around one ``AsyncSession``. Commit is the only place a
transaction ends well: it turns the tracked aggregates' domain events into integration events and
writes them to the context's outbox in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Table, insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.context import (
    actor_id_var,
    causation_id_var,
    request_id_var,
    tenant_id_var,
)
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.core.observability.tracing import current_traceparent
from backend.core.principal import DataScope

_SCOPE = text(
    "SELECT set_config('mandi.tenant_id', :tenant, true), set_config('mandi.partner_id', :partner, true),"
    " set_config('mandi.platform', :platform, true)"
)

EventMapper = Callable[[AggregateRoot, DomainEvent], IntegrationEvent | None]


class SqlAlchemyUnitOfWork:
    """Base for ``Sql<Context>UnitOfWork``; subclasses build repositories in ``_start``."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        scope: DataScope,
        *,
        outbox: Table,
        inbox: Table,
        to_integration_event: EventMapper,
    ) -> None:
        self._session_factory = session_factory
        self.scope = scope
        self._outbox = outbox
        self._inbox = inbox
        self._to_integration_event = to_integration_event
        self._tracked: list[AggregateRoot] = []
        self._session: AsyncSession | None = None
        self._committed = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside 'async with'")
        return self._session

    def _start(self, session: AsyncSession) -> None:
        """Create the context's repositories on ``session``."""

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("a unit of work is single-use; ask the factory for a new one")
        self._session = self._session_factory()
        # row-level security reads these; SET LOCAL semantics: they end with the transaction
        await self._session.execute(
            _SCOPE,
            {
                "tenant": str(self.scope.tenant_id or ""),
                "partner": str(self.scope.partner_id or ""),
                "platform": "on" if self.scope.platform else "off",
            },
        )
        self._start(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() hands the connection back with a rollback of anything uncommitted; an explicit
        # session.rollback() would first expire every loaded row, work wasted on read-only use cases
        await self.session.close()

    def track(self, aggregate: AggregateRoot) -> None:
        """Called by repositories for each aggregate they hand out or add."""
        if all(existing is not aggregate for existing in self._tracked):
            self._tracked.append(aggregate)

    def _integration_events(self) -> list[IntegrationEvent]:
        events: list[IntegrationEvent] = []
        for aggregate in self._tracked:
            for domain_event in aggregate.pull_events():
                integration_event = self._to_integration_event(aggregate, domain_event)
                if integration_event is not None:
                    events.append(integration_event)
        return events

    async def commit(self) -> None:
        if self._committed:
            raise RuntimeError("the unit of work is already committed")
        events = self._integration_events()
        if events:
            context = {
                "correlation_id": request_id_var.get(),
                "causation_id": causation_id_var.get(),
                "tenant_id": str(self.scope.tenant_id) if self.scope.tenant_id else tenant_id_var.get(),
                "actor_id": actor_id_var.get(),
                "traceparent": current_traceparent(),  # the active span: the relay continues its trace
            }
            await self.session.execute(
                insert(self._outbox),
                [
                    {
                        "event_id": event.event_id,
                        "wire_name": event.wire_name,
                        "aggregate_type": event.aggregate_type,
                        "aggregate_id": event.aggregate_id,
                        "payload": event.model_dump(mode="json", exclude={"event_id", "occurred_at"}),
                        "occurred_at": event.occurred_at,
                        **context,
                    }
                    for event in events
                ],
            )
        await self.session.commit()
        self._committed = True

    async def claim_inbox(self, event_id: uuid.UUID, consumer: str, wire_name: str) -> bool:
        """Record that ``consumer`` handles ``event_id``; False when it already did."""
        statement = (
            pg_insert(self._inbox)
            .values(event_id=event_id, consumer=consumer, wire_name=wire_name)
            .on_conflict_do_nothing()
            .returning(self._inbox.c.event_id)
        )
        claimed = (await self.session.execute(statement)).first()
        return claimed is not None
