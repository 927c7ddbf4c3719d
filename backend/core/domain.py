"""Building blocks for aggregates: recorded domain events and an optimistic version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from backend.core.clock import utc_now


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened inside one aggregate; the unit of work publishes it on commit."""

    occurred_at: datetime = field(default_factory=utc_now)


class AggregateRoot:
    """Records domain events until the unit of work collects them.

    ``version`` is the version the aggregate was loaded at; the repository increments it on save
    and refuses the save when the stored version moved meanwhile.
    """

    version: int

    def __init__(self) -> None:
        self._events: list[DomainEvent] = []

    def record(self, event: DomainEvent) -> None:
        self._events.append(event)

    def pull_events(self) -> list[DomainEvent]:
        events, self._events = self._events, []
        return events

    @property
    def has_changes(self) -> bool:
        return bool(self._events)
