"""In-memory risk unit of work and repositories, behaving like the PostgreSQL ones.

Reads hand out fresh copies, writes are buffered until ``commit`` (an exit without commit is a
rollback), ``save`` refuses a stale version, the scope limits what is seen like row-level security
does (a partner user sees its own partner's limit and exposure, trades it is party to, and no
positions), and commit turns the tracked aggregates' domain events into integration events, as
``SqlRiskUnitOfWork`` writes them to its outbox. Row locks are no-ops: one test runs one unit of
work at a time. ``FakeRisk`` holds what one test shares.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from backend.core.errors import ConcurrencyConflict
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import SYSTEM_SCOPE, DataScope
from backend.modules.risk.application.integration_events import to_integration_event
from backend.modules.risk.application.ports import PositionFilter
from backend.modules.risk.application.trade_records import TradeRecord, TradeRecordStatus
from backend.modules.risk.domain.circular import OpenActivity
from backend.modules.risk.domain.credit import CreditLimit
from backend.modules.risk.domain.enums import ActivityKind, Side
from backend.modules.risk.domain.exposure import Exposure
from backend.modules.risk.domain.positions import Position
from backend.modules.risk.domain.reservations import CreditReservation, ReservationStatus
from tests.fakes.memory import InMemoryOutbox, InMemoryUnitOfWork, Track, Versioned, hand_out

A = TypeVar("A", CreditLimit, Exposure, Position)


@dataclass
class RiskStores:
    limits: dict[uuid.UUID, CreditLimit] = field(default_factory=dict)
    exposures: dict[uuid.UUID, Exposure] = field(default_factory=dict)
    positions: dict[uuid.UUID, Position] = field(default_factory=dict)
    trades: dict[uuid.UUID, TradeRecord] = field(default_factory=dict)
    reservations: dict[uuid.UUID, CreditReservation] = field(default_factory=dict)


def _in_tenant(scope: DataScope, tenant_id: uuid.UUID) -> bool:
    return scope.platform or tenant_id == scope.tenant_id


def _sees_partner(scope: DataScope, tenant_id: uuid.UUID, partner_id: uuid.UUID) -> bool:
    return _in_tenant(scope, tenant_id) and scope.partner_id in (None, partner_id)


class _Repository(Generic[A]):
    """A repository of one kind of aggregate over buffered, versioned writes; ``sees`` is its
    row-level security."""

    def __init__(self, store: dict[uuid.UUID, A], scope: DataScope, track: Track, unique: Callable[[A], Any]):
        # the SQL repositories report a row added meanwhile as a retryable race
        self.rows: Versioned[A] = Versioned(store, taken=ConcurrencyConflict)
        self._unique: Callable[[A], Any] = unique
        self._scope, self._track = scope, track

    def sees(self, aggregate: A) -> bool:
        raise NotImplementedError

    def visible(self) -> list[A]:
        return [a for a in self.rows.all().values() if self.sees(a)]

    def hand_out(self, stored: A) -> A:
        return hand_out(stored, self._track)

    def stage_add(self, aggregate: A) -> None:
        key = self._unique(aggregate)
        if any(self._unique(a) == key for a in self.rows.all().values()):
            raise ConcurrencyConflict(f"{key} was added meanwhile")
        self.rows.insert(aggregate)
        self._track(aggregate)

    def stage_save(self, aggregate: A) -> None:
        self.rows.update(aggregate)


class InMemoryCreditLimitRepository(_Repository[CreditLimit]):
    def __init__(self, stores: RiskStores, scope: DataScope, track: Track) -> None:
        super().__init__(stores.limits, scope, track, lambda limit: (limit.tenant_id, limit.partner_id))

    def sees(self, aggregate: CreditLimit) -> bool:
        return _sees_partner(self._scope, aggregate.tenant_id, aggregate.partner_id)

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> CreditLimit | None:
        found = next((limit for limit in self.visible() if limit.partner_id == partner_id), None)
        return None if found is None else self.hand_out(found)

    async def add(self, limit: CreditLimit) -> None:
        self.stage_add(limit)

    async def save(self, limit: CreditLimit) -> None:
        self.stage_save(limit)


class InMemoryExposureRepository(_Repository[Exposure]):
    def __init__(self, stores: RiskStores, scope: DataScope, track: Track) -> None:
        super().__init__(stores.exposures, scope, track, lambda e: (e.tenant_id, e.partner_id, e.currency))

    def sees(self, aggregate: Exposure) -> bool:
        return _sees_partner(self._scope, aggregate.tenant_id, aggregate.partner_id)

    async def get(self, partner_id: uuid.UUID, currency: str, *, for_update: bool = False) -> Exposure | None:
        found = next((e for e in self.visible() if (e.partner_id, e.currency) == (partner_id, currency)), None)
        return None if found is None else self.hand_out(found)

    async def of_partner(self, partner_id: uuid.UUID) -> list[Exposure]:
        found = sorted((e for e in self.visible() if e.partner_id == partner_id), key=lambda e: e.currency)
        return [self.hand_out(e) for e in found]

    async def locked(self, partner_id: uuid.UUID, currency: str) -> Exposure:
        existing = await self.get(partner_id, currency)
        if existing is not None:
            return existing
        assert self._scope.tenant_id is not None
        exposure = Exposure(id=uuid.uuid4(), tenant_id=self._scope.tenant_id, partner_id=partner_id, currency=currency)
        self.stage_add(exposure)
        return exposure

    async def save(self, exposure: Exposure) -> None:
        self.stage_save(exposure)


class InMemoryPositionRepository(_Repository[Position]):
    def __init__(self, stores: RiskStores, scope: DataScope, track: Track) -> None:
        super().__init__(
            stores.positions, scope, track, lambda p: (p.tenant_id, p.branch_id, p.commodity_id, p.currency)
        )

    def sees(self, aggregate: Position) -> bool:
        return _in_tenant(self._scope, aggregate.tenant_id) and self._scope.partner_id is None

    async def locked(self, branch_id: uuid.UUID | None, commodity_id: uuid.UUID, currency: str, unit: str) -> Position:
        key = (branch_id, commodity_id, currency)
        found = next((p for p in self.visible() if (p.branch_id, p.commodity_id, p.currency) == key), None)
        if found is not None:
            return self.hand_out(found)
        assert self._scope.tenant_id is not None
        position = Position.open(
            tenant_id=self._scope.tenant_id,
            branch_id=branch_id,
            commodity_id=commodity_id,
            unit=unit,
            currency=currency,
        )
        self.stage_add(position)
        return position

    async def save(self, position: Position) -> None:
        self.stage_save(position)

    async def list(self, page: PositionFilter) -> list[Position]:
        def wanted(p: Position) -> bool:
            return (
                (page.after is None or p.id > page.after)
                and (page.branch_id is None or p.branch_id == page.branch_id)
                and (page.commodity_id is None or p.commodity_id == page.commodity_id)
                and (page.reach is None or page.reach.covers(p.commodity_id, p.branch_id))
            )

        found = sorted((p for p in self.visible() if wanted(p)), key=lambda p: p.id)
        return [self.hand_out(p) for p in found[: page.limit]]


class InMemoryTradeRecordRepository:
    def __init__(self, stores: RiskStores, scope: DataScope) -> None:
        self._store, self._scope = stores.trades, scope
        self._pending: dict[uuid.UUID, TradeRecord] = {}

    def _visible(self) -> Iterable[TradeRecord]:
        partner = self._scope.partner_id
        for record in {**self._store, **self._pending}.values():
            if _in_tenant(self._scope, record.tenant_id) and partner in (
                None,
                record.buyer_partner_id,
                record.seller_partner_id,
            ):
                yield record

    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> TradeRecord | None:
        found = next((r for r in self._visible() if r.trade_id == trade_id), None)
        return copy.deepcopy(found)

    async def add(self, record: TradeRecord) -> None:
        if record.trade_id in {**self._store, **self._pending}:
            raise ConcurrencyConflict(f"trade {record.trade_id} was recorded meanwhile")
        self._pending[record.trade_id] = copy.deepcopy(record)

    async def save(self, record: TradeRecord) -> None:
        self._pending[record.trade_id] = copy.deepcopy(record)

    async def open_activity(self, partner_id: uuid.UUID) -> list[OpenActivity]:
        return (await self.open_activities([partner_id]))[partner_id]

    async def open_activities(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[OpenActivity]]:
        activity: dict[uuid.UUID, list[OpenActivity]] = {partner_id: [] for partner_id in partner_ids}
        for r in sorted(self._visible(), key=lambda r: (r.confirmed_at, r.trade_id)):
            if r.status is not TradeRecordStatus.OPEN:
                continue
            for side, party in ((Side.BUY, r.buyer_partner_id), (Side.SELL, r.seller_partner_id)):
                if party in activity:
                    activity[party].append(OpenActivity(r.commodity_id, side, ActivityKind.TRADE, r.trade_number))
        return activity

    def apply(self) -> None:
        self._store.update(self._pending)
        self._pending.clear()

    def discard(self) -> None:
        self._pending.clear()


class InMemoryCreditReservationRepository:
    def __init__(self, stores: RiskStores, scope: DataScope) -> None:
        self._store, self._scope = stores.reservations, scope
        self._pending: dict[uuid.UUID, CreditReservation | None] = {}  # None: deleted

    def _visible(self) -> Iterable[CreditReservation]:
        merged: dict[uuid.UUID, CreditReservation | None] = {**self._store, **self._pending}
        for reservation in merged.values():
            if reservation is not None and _sees_partner(self._scope, reservation.tenant_id, reservation.partner_id):
                yield reservation

    async def add(self, reservation: CreditReservation) -> None:
        if reservation.id in {**self._store, **self._pending}:
            raise ConcurrencyConflict(f"reservation {reservation.id} was added meanwhile")
        self._pending[reservation.id] = copy.deepcopy(reservation)

    async def get(self, reservation_id: uuid.UUID, *, for_update: bool = False) -> CreditReservation | None:
        return copy.deepcopy(next((r for r in self._visible() if r.id == reservation_id), None))

    async def held(self, partner_id: uuid.UUID, currency: str, now: datetime) -> Decimal:
        mine = (r for r in self._visible() if (r.partner_id, r.currency) == (partner_id, currency))
        return sum((r.amount for r in mine if r.counts_at(now)), Decimal(0))

    async def save(self, reservation: CreditReservation) -> None:
        self._pending[reservation.id] = copy.deepcopy(reservation)

    async def purge(self, before: datetime) -> int:
        def old(r: CreditReservation) -> bool:
            closed = r.closed_at is not None and r.closed_at < before
            return closed or (r.status is ReservationStatus.ACTIVE and r.expires_at < before)

        gone = [r.id for r in self._visible() if old(r)]
        for reservation_id in gone:
            self._pending[reservation_id] = None
        return len(gone)

    def apply(self) -> None:
        for reservation_id, reservation in self._pending.items():
            if reservation is None:
                self._store.pop(reservation_id, None)
            else:
                self._store[reservation_id] = reservation
        self._pending.clear()

    def discard(self) -> None:
        self._pending.clear()


class InMemoryRiskUnitOfWork(InMemoryUnitOfWork):
    """Single use, like ``SqlRiskUnitOfWork``; ``published`` plays the outbox."""

    def __init__(
        self, stores: RiskStores, published: list[IntegrationEvent], inbox: set[tuple[uuid.UUID, str]], scope: DataScope
    ) -> None:
        super().__init__(published, inbox, scope, to_integration_event)
        self._limits = InMemoryCreditLimitRepository(stores, scope, self.track)
        self._exposures = InMemoryExposureRepository(stores, scope, self.track)
        self._positions = InMemoryPositionRepository(stores, scope, self.track)
        self._trades = InMemoryTradeRecordRepository(stores, scope)
        self._reservations = InMemoryCreditReservationRepository(stores, scope)

    @property
    def credit_limits(self) -> InMemoryCreditLimitRepository:
        return self._limits

    @property
    def exposures(self) -> InMemoryExposureRepository:
        return self._exposures

    @property
    def positions(self) -> InMemoryPositionRepository:
        return self._positions

    @property
    def trades(self) -> InMemoryTradeRecordRepository:
        return self._trades

    @property
    def reservations(self) -> InMemoryCreditReservationRepository:
        return self._reservations

    def _write(self) -> None:
        versioned = (self._limits.rows, self._exposures.rows, self._positions.rows)
        for rows in versioned:
            rows.check()
        for rows in versioned:
            rows.apply()
        self._trades.apply()
        self._reservations.apply()

    def _discard(self) -> None:
        for rows in (self._limits.rows, self._exposures.rows, self._positions.rows):
            rows.discard()
        self._trades.discard()
        self._reservations.discard()


class FakeRisk(InMemoryOutbox):
    """The state one test shares across units of work: stored aggregates, outbox and inbox."""

    def __init__(self) -> None:
        super().__init__()
        self.stores = RiskStores()

    def uow(self, scope: DataScope = SYSTEM_SCOPE) -> InMemoryRiskUnitOfWork:
        return InMemoryRiskUnitOfWork(self.stores, self.published, self.inbox, scope)
