"""What the in-memory trading fake shares: the committed stores, the scope rule standing in for
row-level security, buffered writes with optimistic versions, and the matching prefilters in Python.

The prefilters restate ``SqlAvailabilityRepository.candidates`` and ``SqlRequirementRepository.open_for``
condition by condition (prices per base unit rounded the way the rows store them), so the fake hands
the domain the same candidates PostgreSQL would.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from backend.core.domain import AggregateRoot
from backend.core.errors import ConcurrencyConflict, Conflict, Forbidden
from backend.core.principal import DataScope
from backend.modules.trading.application.mapping_prices import per_base_unit
from backend.modules.trading.application.ports import CandidateQuery, RequirementQuery
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import AvailabilityStatus, RequirementStatus, Visibility
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.negotiation import Negotiation
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.trade import Trade

A = TypeVar("A", Availability, Requirement, Match)
Track = Callable[[AggregateRoot], None]
LIVE_AVAILABILITY = frozenset({AvailabilityStatus.ACTIVE, AvailabilityStatus.RESERVED})
OPEN_REQUIREMENT = frozenset({RequirementStatus.ACTIVE, RequirementStatus.PARTIALLY_FULFILLED})


@dataclass(frozen=True)
class TradeStatusLine:
    """A row of ``trade_status_history``; ``from_status`` None: the booking."""

    trade_id: uuid.UUID
    from_status: str | None
    to_status: str
    changed_by: uuid.UUID
    reason: str | None
    changed_at: datetime


@dataclass
class TradingStores:
    """The committed state: what the trading schema holds."""

    availabilities: dict[uuid.UUID, Availability] = field(default_factory=dict)
    requirements: dict[uuid.UUID, Requirement] = field(default_factory=dict)
    matches: dict[uuid.UUID, Match] = field(default_factory=dict)
    negotiations: dict[uuid.UUID, Negotiation] = field(default_factory=dict)
    trades: dict[uuid.UUID, Trade] = field(default_factory=dict)
    trade_sequences: dict[tuple[uuid.UUID, int], int] = field(default_factory=dict)  # (tenant, year): last
    trade_history: list[TradeStatusLine] = field(default_factory=list)
    held: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)  # (partner, commodity) serialised


def sees(scope: DataScope, tenant_id: uuid.UUID, partner_ids: Iterable[uuid.UUID]) -> bool:
    """Row-level security: the scope's tenant (or the platform) and, for a partner user, a row of its own."""
    in_tenant = scope.platform or tenant_id == scope.tenant_id
    return in_tenant and (scope.partner_id is None or scope.partner_id in set(partner_ids))


def owners(aggregate: Availability | Requirement | Match) -> tuple[uuid.UUID, ...]:
    """The partner columns the row-level security policy compares with the scope's partner."""
    if isinstance(aggregate, Availability):
        return (aggregate.seller_partner_id,)
    if isinstance(aggregate, Requirement):
        return (aggregate.buyer_partner_id,)
    return (aggregate.buyer_partner_id, aggregate.seller_partner_id)


def stored_copy(aggregate: A) -> A:
    stored = copy.deepcopy(aggregate)
    stored.pull_events()  # the store holds state; events travel through the unit of work only
    stored.persisted_version = stored.version
    return stored


class Versioned(Generic[A]):
    """Buffered writes of one aggregate kind with optimistic versions, re-checked at commit."""

    def __init__(self, store: dict[uuid.UUID, A], what: str, scope: DataScope, track: Track) -> None:
        self.store: dict[uuid.UUID, A] = store
        self.pending: dict[uuid.UUID, A] = {}
        self.based_on: dict[uuid.UUID, int | None] = {}  # None: an insert
        self._what, self._scope, self._track = what, scope, track

    def all(self) -> dict[uuid.UUID, A]:
        return {**self.store, **self.pending}

    def sees(self, aggregate: A | None) -> bool:
        return aggregate is not None and sees(self._scope, aggregate.tenant_id, owners(aggregate))

    def visible(self) -> list[A]:
        return [a for a in self.all().values() if self.sees(a)]

    def in_tenant(self) -> list[A]:
        """Visible rows, narrowed to the scope's tenant as the SQL states it explicitly."""
        tenant = self._scope.tenant_id
        return [a for a in self.visible() if tenant is None or a.tenant_id == tenant]

    def copy(self, stored: A) -> A:
        aggregate = copy.deepcopy(stored)
        aggregate.persisted_version = aggregate.version
        return aggregate

    def hand_out(self, stored: A) -> A:
        """A copy tracked by the unit of work (its events are published on commit)."""
        aggregate = self.copy(stored)
        self._track(aggregate)
        return aggregate

    def conflict(self, aggregate: A) -> ConcurrencyConflict:
        return ConcurrencyConflict(f"{self._what} {aggregate.id} was changed by someone else; read it again and retry")

    def insert(self, aggregate: A) -> None:
        if not self.sees(aggregate):  # the policy's WITH CHECK
            raise Forbidden(f"{self._what} {aggregate.id} is outside this unit of work's scope")
        if aggregate.id in self.all():
            raise Conflict(f"{self._what} {aggregate.id} already exists")
        self.pending[aggregate.id] = stored_copy(aggregate)
        self.based_on[aggregate.id] = None
        aggregate.persisted_version = aggregate.version
        self._track(aggregate)

    def update(self, aggregate: A) -> None:
        current = self.all().get(aggregate.id)
        if current is None or not self.sees(current) or current.version != aggregate.persisted_version:
            raise self.conflict(aggregate)
        self.based_on.setdefault(aggregate.id, current.version)
        self.pending[aggregate.id] = stored_copy(aggregate)
        aggregate.persisted_version = aggregate.version

    def check(self) -> None:
        for aggregate_id, base in self.based_on.items():
            pending, stored = self.pending[aggregate_id], self.store.get(aggregate_id)
            if base is None and stored is not None:
                raise Conflict(f"{self._what} {aggregate_id} already exists")
            if base is not None and (stored is None or stored.version != base):
                raise self.conflict(pending)

    def apply(self) -> None:
        self.store.update(self.pending)
        self.discard()

    def discard(self) -> None:
        self.pending.clear()
        self.based_on.clear()


def passes_prefilter(a: Availability, query: CandidateQuery) -> bool:
    """``score_bound.prefilter`` in Python: a NULL compared is false, as in SQL."""
    point = a.ship_from.point
    in_box = point is not None and any(
        box.min_latitude <= point.latitude <= box.max_latitude
        and box.min_longitude <= point.longitude <= box.max_longitude
        for box in query.boxes
    )
    visible = a.visibility is Visibility.PUBLIC or (
        a.visibility is Visibility.RESTRICTED and query.buyer_partner_id in a.listed_buyers
    )
    checks = (
        a.status is AvailabilityStatus.ACTIVE,
        a.commodity_id == query.commodity_id,
        a.price.currency == query.currency,
        per_base_unit(a.price, up=False) <= query.max_price_per_base,
        a.available >= query.min_available,
        a.expires_at > query.now,
        a.available_from <= query.delivery_until,
        a.available_until >= query.delivery_from,
        a.seller_partner_id != query.buyer_partner_id,
        visible,
        in_box,
        query.states is None or (a.ship_from.country, a.ship_from.state_code) in set(query.states),
        query.variety is None or (a.variety is not None and a.variety.lower() == query.variety.casefold()),
        query.origin_country is None or a.country_of_origin == query.origin_country,
    )
    return all(checks)


def may_serve(r: Requirement, query: RequirementQuery) -> bool:
    """``SqlRequirementRepository.open_for``'s conditions in Python."""
    return (
        r.status in OPEN_REQUIREMENT
        and r.commodity_id == query.commodity_id
        and r.max_price.currency == query.currency
        and per_base_unit(r.max_price, up=True) >= query.price_per_base
        and r.expires_at > query.now
        and r.buyer_partner_id != query.seller_partner_id
    )
