"""What the risk use cases need from storage and configuration (implemented in infrastructure)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import TracebackType
from typing import Protocol, Self

from backend.core.principal import DataScope
from backend.core.reach import Reach
from backend.modules.risk.application.trade_records import TradeRecord
from backend.modules.risk.domain.circular import OpenActivity
from backend.modules.risk.domain.credit import CreditLimit
from backend.modules.risk.domain.exposure import Exposure, UtilizationBands
from backend.modules.risk.domain.positions import Position
from backend.modules.risk.domain.reservations import CreditReservation


class CreditLimitRepository(Protocol):
    async def add(self, limit: CreditLimit) -> None:
        """Insert; a partner has one limit (``ConcurrencyConflict`` when another was added first)."""

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> CreditLimit | None: ...

    async def save(self, limit: CreditLimit) -> None:
        """Update from the version it was loaded at; ``ConcurrencyConflict`` when it moved on."""


class ExposureRepository(Protocol):
    async def get(self, partner_id: uuid.UUID, currency: str, *, for_update: bool = False) -> Exposure | None: ...

    async def of_partner(self, partner_id: uuid.UUID) -> list[Exposure]:
        """Every currency's exposure of the partner, by currency."""

    async def locked(self, partner_id: uuid.UUID, currency: str) -> Exposure:
        """The exposure, created empty when missing, locked (``FOR UPDATE``) until the unit of work ends."""

    async def save(self, exposure: Exposure) -> None: ...


@dataclass(frozen=True)
class PositionFilter:
    """``reach`` None: every branch, commodity and the tenant-level book; else only the positions one
    of its grants covers (its branches and commodities)."""

    limit: int
    after: uuid.UUID | None = None
    branch_id: uuid.UUID | None = None
    commodity_id: uuid.UUID | None = None
    reach: Reach | None = None


class PositionRepository(Protocol):
    async def locked(self, branch_id: uuid.UUID | None, commodity_id: uuid.UUID, currency: str, unit: str) -> Position:
        """The position, opened empty when missing, locked until the unit of work ends."""

    async def save(self, position: Position) -> None: ...

    async def list(self, page: PositionFilter) -> list[Position]:
        """In id order (time-ordered ids: stable keyset pages), after ``page.after``."""


class TradeRecordRepository(Protocol):
    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> TradeRecord | None: ...

    async def add(self, record: TradeRecord) -> None: ...

    async def save(self, record: TradeRecord) -> None: ...

    async def open_activity(self, partner_id: uuid.UUID) -> list[OpenActivity]:
        """The partner's unsettled trades, as the side it takes in each."""

    async def open_activities(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[OpenActivity]]:
        """``open_activity`` of several partners in one read, keyed by each of ``partner_ids``."""


class CreditReservationRepository(Protocol):
    async def add(self, reservation: CreditReservation) -> None: ...

    async def get(self, reservation_id: uuid.UUID, *, for_update: bool = False) -> CreditReservation | None: ...

    async def held(self, partner_id: uuid.UUID, currency: str, now: datetime) -> Decimal:
        """The sum of the partner's reservations that count at ``now`` (active, not expired).

        Read under the partner's exposure lock, so no other reservation can be taken meanwhile."""

    async def save(self, reservation: CreditReservation) -> None: ...

    async def purge(self, before: datetime) -> int:
        """Delete reservations closed, or expired while active, before ``before``; how many went."""


class RiskUnitOfWork(Protocol):
    @property
    def credit_limits(self) -> CreditLimitRepository: ...

    @property
    def exposures(self) -> ExposureRepository: ...

    @property
    def positions(self) -> PositionRepository: ...

    @property
    def trades(self) -> TradeRecordRepository: ...

    @property
    def reservations(self) -> CreditReservationRepository: ...

    @property
    def scope(self) -> DataScope:
        """Whose data this unit of work may see and change."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def claim_inbox(self, event_id: uuid.UUID, consumer: str, wire_name: str) -> bool:
        """Record that ``consumer`` handles ``event_id``; False when it already did."""


class BandsSource(Protocol):
    async def for_tenant(self, tenant_id: uuid.UUID) -> UtilizationBands:
        """The tenant's utilization band thresholds (configuration, else the defaults)."""
