"""Building blocks of the in-memory fakes that behave like a context's PostgreSQL unit of work.

Reads hand out fresh copies (``hand_out``), writes are buffered until commit (``Versioned``), a save
based on a stale version is refused, and commit turns the tracked aggregates' domain events into
integration events, as the SQL unit of work writes them to its outbox (``InMemoryUnitOfWork``).
``InMemoryOutbox`` is the state one test shares across units of work.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.errors import ConcurrencyConflict, Conflict
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import DataScope


class Stored(Protocol):
    """An aggregate with an id and an optimistic version, as the fakes store it."""

    id: uuid.UUID
    version: int
    persisted_version: int

    def pull_events(self) -> list[DomainEvent]: ...


A = TypeVar("A", bound=Stored)
Track = Callable[[Any], None]  # the unit of work's, for aggregates
ToIntegrationEvent = Callable[[AggregateRoot, DomainEvent], IntegrationEvent | None]
Inbox = set[tuple[uuid.UUID, str]]  # (event id, consumer)


def stored_copy(aggregate: A) -> A:
    """What the store keeps of ``aggregate``: its state at its version, without pending events."""
    stored = copy.deepcopy(aggregate)
    stored.pull_events()  # the store holds state; events travel through the unit of work only
    stored.persisted_version = stored.version
    return stored


def hand_out(stored: A, track: Track) -> A:
    """A fresh copy of a stored aggregate, as a read from the database gives, tracked for its events."""
    aggregate = copy.deepcopy(stored)
    aggregate.persisted_version = aggregate.version
    track(aggregate)
    return aggregate


def _what(aggregate: Stored) -> str:
    return f"{type(aggregate).__name__} {aggregate.id}"


class Versioned(Generic[A]):
    """Buffered writes of one aggregate kind with optimistic versions, re-checked at commit.

    An insert that meets a stored row (or a ``duplicate``) at commit raises ``taken``: ``Conflict``
    where the SQL repository reports a unique violation as such, ``ConcurrencyConflict`` where it
    reports a retryable race.
    """

    def __init__(
        self,
        store: dict[uuid.UUID, A],
        what: Callable[[A], str] = _what,
        *,
        taken: type[Conflict] = Conflict,
    ) -> None:
        self.store: dict[uuid.UUID, A] = store
        self.pending: dict[uuid.UUID, A] = {}
        self.based_on: dict[uuid.UUID, int | None] = {}  # None: an insert
        self._what: Callable[[A], str] = what
        self._taken = taken

    def all(self) -> dict[uuid.UUID, A]:
        return {**self.store, **self.pending}

    def conflict(self, aggregate: A) -> ConcurrencyConflict:
        return ConcurrencyConflict(f"{self._what(aggregate)} was changed by someone else; read it again and retry")

    def insert(self, aggregate: A) -> None:
        self.pending[aggregate.id] = stored_copy(aggregate)
        self.based_on[aggregate.id] = None
        aggregate.persisted_version = aggregate.version

    def update(self, aggregate: A) -> None:
        current = self.all().get(aggregate.id)
        if current is None or current.version != aggregate.persisted_version:
            raise self.conflict(aggregate)
        self.based_on.setdefault(aggregate.id, current.version)
        self.pending[aggregate.id] = stored_copy(aggregate)
        aggregate.persisted_version = aggregate.version

    def check(self, duplicate: Callable[[A], bool] = lambda _: False) -> None:
        for aggregate_id, base in self.based_on.items():
            pending, stored = self.pending[aggregate_id], self.store.get(aggregate_id)
            if base is None and (stored is not None or duplicate(pending)):
                raise self._taken(f"{self._what(pending)} already exists")
            if base is not None and (stored is None or stored.version != base):
                raise self.conflict(pending)

    def apply(self) -> None:
        self.store.update(self.pending)
        self.discard()

    def discard(self) -> None:
        self.pending.clear()
        self.based_on.clear()


class InMemoryUnitOfWork:
    """Single use, like the SQL units of work; ``published`` plays the outbox, ``inbox`` the inbox.

    A context's fake adds its repositories and says how its buffered writes are written (``_write``:
    check everything first, then apply, so a refused commit changes nothing) and dropped
    (``_discard``).
    """

    def __init__(
        self,
        published: list[IntegrationEvent],
        inbox: Inbox,
        scope: DataScope,
        to_integration_event: ToIntegrationEvent,
    ) -> None:
        self._scope = scope
        self.published = published
        self.inbox = inbox
        self.committed = False
        self._to_integration_event = to_integration_event
        self._tracked: list[AggregateRoot] = []
        self._claims: Inbox = set()
        self._entered = False

    @property
    def scope(self) -> DataScope:
        return self._scope

    def _write(self) -> None:
        raise NotImplementedError

    def _discard(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        if self._entered:
            raise RuntimeError("a unit of work is single-use; ask the factory for a new one")
        self._entered = True
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.committed:
            self._discard()
            self._claims.clear()

    def track(self, aggregate: AggregateRoot) -> None:
        if all(existing is not aggregate for existing in self._tracked):
            self._tracked.append(aggregate)

    async def claim_inbox(self, event_id: uuid.UUID, consumer: str, wire_name: str) -> bool:
        key = (event_id, consumer)
        if key in self.inbox or key in self._claims:
            return False
        self._claims.add(key)
        return True

    async def commit(self) -> None:
        if self.committed:
            raise RuntimeError("the unit of work is already committed")
        events = [
            integration_event
            for aggregate in self._tracked
            for domain_event in aggregate.pull_events()
            if (integration_event := self._to_integration_event(aggregate, domain_event)) is not None
        ]
        self._write()
        self.inbox.update(self._claims)
        self.published.extend(events)
        self.committed = True


class InMemoryOutbox:
    """What one test shares across a context's units of work: the outbox (``published``) and inbox."""

    def __init__(self) -> None:
        self.published: list[IntegrationEvent] = []
        self.inbox: Inbox = set()

    def wire_names(self) -> list[str]:
        return [event.wire_name for event in self.published]
