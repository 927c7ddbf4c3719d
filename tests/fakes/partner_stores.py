"""What the in-memory partners fake shares: the committed stores, the scope rule standing in for
row-level security, and buffered writes of a versioned aggregate."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from backend.core.domain import AggregateRoot
from backend.core.errors import ConcurrencyConflict, Conflict
from backend.core.principal import DataScope
from backend.modules.partners.application.ports import VerificationEvidence
from backend.modules.partners.domain.amendments import Amendment
from backend.modules.partners.domain.partner import Partner

A = TypeVar("A", Partner, Amendment)
Track = Callable[[AggregateRoot], None]


@dataclass
class PartnerStores:
    """The committed state: what the partners schema holds."""

    partners: dict[uuid.UUID, Partner] = field(default_factory=dict)
    amendments: dict[uuid.UUID, Amendment] = field(default_factory=dict)
    evidence: list[tuple[uuid.UUID, VerificationEvidence]] = field(default_factory=list)  # (tenant, evidence)
    contents: dict[uuid.UUID, tuple[uuid.UUID, str, bytes]] = field(default_factory=dict)  # doc -> partner, type, bytes
    reminders: set[tuple[uuid.UUID, date, int]] = field(default_factory=set)
    sequences: dict[tuple[uuid.UUID, str], int] = field(default_factory=dict)  # (tenant, country) -> last number


def sees(scope: DataScope, partner: Partner | None) -> bool:
    """Row-level security: the scope's tenant and, for a partner user, only its own partner."""
    if partner is None:
        return False
    if scope.platform:
        return True
    return partner.tenant_id == scope.tenant_id and scope.partner_id in (None, partner.id)


def stored_copy(aggregate: A) -> A:
    stored = copy.deepcopy(aggregate)
    stored.pull_events()  # the store holds state; events travel through the unit of work only
    stored.persisted_version = stored.version
    return stored


class Versioned(Generic[A]):
    """Buffered writes of one aggregate kind with optimistic versions, re-checked at commit."""

    def __init__(self, store: dict[uuid.UUID, A], what: Callable[[A], str]) -> None:
        self.store: dict[uuid.UUID, A] = store
        self.pending: dict[uuid.UUID, A] = {}
        self.based_on: dict[uuid.UUID, int | None] = {}  # None: an insert
        self._what: Callable[[A], str] = what

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

    def check(self, duplicate: Callable[[A], bool]) -> None:
        for aggregate_id, base in self.based_on.items():
            pending, stored = self.pending[aggregate_id], self.store.get(aggregate_id)
            if base is None and (stored is not None or duplicate(pending)):
                raise Conflict(f"{self._what(pending)} already exists")
            if base is not None and (stored is None or stored.version != base):
                raise self.conflict(pending)

    def apply(self) -> None:
        self.store.update(self.pending)
        self.discard()

    def discard(self) -> None:
        self.pending.clear()
        self.based_on.clear()
