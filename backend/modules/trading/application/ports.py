"""What the trading use cases need from storage and from other contexts (implemented in infrastructure
and in the composition root)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Protocol, Self

from backend.core.principal import DataScope
from backend.core.reach import Reach
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.negotiation import Negotiation
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.trade import Trade


@dataclass(frozen=True)
class PostingFilter:
    """A keyset page, newest first; ``partner_id`` narrows to one partner (an external user's own),
    ``reach`` to the postings a staff member's limited grants cover (None: no limit)."""

    limit: int
    after: tuple[datetime, uuid.UUID] | None = None
    partner_id: uuid.UUID | None = None
    status: str | None = None
    commodity_id: uuid.UUID | None = None
    reach: Reach | None = None


@dataclass(frozen=True)
class Box:
    """A latitude/longitude bounding box around one delivery location (prefilter for the distance)."""

    min_latitude: Decimal
    max_latitude: Decimal
    min_longitude: Decimal
    max_longitude: Decimal


@dataclass(frozen=True)
class DeliveryTarget:
    """One delivery location as the score bound sees it: where, how far at most, and its state."""

    latitude: Decimal
    longitude: Decimal
    max_distance_km: Decimal
    country: str
    state_code: str | None


@dataclass(frozen=True)
class NumericWish:
    """A measured parameter's wanted range and preferred value (graded parameters are bounded by 1)."""

    min: Decimal | None
    max: Decimal | None
    preferred: Decimal | None


@dataclass(frozen=True)
class ScoreBound:
    """What the database needs to bound a candidate's neutral score (risk passed) from above, tightly:
    the domain's exact score is never above it, and at most a few ten-thousandths below."""

    weights: tuple[Decimal, Decimal, Decimal, Decimal]  # quality, price, delivery, risk
    target_per_base: Decimal
    price_bands: tuple[tuple[Decimal, Decimal], ...]
    price_floor: Decimal
    points: tuple[DeliveryTarget, ...]
    allow_inter_state: bool
    # each wanted parameter: (name, the numeric wish) when measured, (name, None) when graded
    parameters: tuple[tuple[str, NumericWish | None], ...]
    minimum_score: Decimal


@dataclass(frozen=True)
class CandidateQuery:
    """The matching prefilter: only what can pass the domain's hard filters; the domain re-checks all."""

    commodity_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    currency: str
    max_price_per_base: Decimal  # rounded up: the SQL comparison is never stricter than the domain's
    min_available: Decimal
    now: datetime
    delivery_from: date
    delivery_until: date
    boxes: tuple[Box, ...]
    states: tuple[tuple[str, str], ...] | None  # (country, state); None: inter-state allowed
    variety: str | None = None
    origin_country: str | None = None


@dataclass(frozen=True)
class RequirementQuery:
    """Open requirements an availability might serve (the reverse trigger of matching)."""

    commodity_id: uuid.UUID
    seller_partner_id: uuid.UUID
    currency: str
    price_per_base: Decimal
    now: datetime
    limit: int


class AvailabilityRepository(Protocol):
    async def add(self, availability: Availability) -> None: ...

    async def get(self, availability_id: uuid.UUID, *, for_update: bool = False) -> Availability | None: ...

    async def save(self, availability: Availability) -> None:
        """Store changes from the version it was loaded at; ``ConcurrencyConflict`` when it moved on."""

    async def with_fingerprint(self, fingerprint: str) -> list[Availability]: ...

    async def search(self, page: PostingFilter) -> list[Availability]: ...

    async def candidates(self, query: CandidateQuery) -> list[Availability]:
        """Active, unexpired availabilities passing the prefilter (no tracking: read-only)."""

    async def bounded(
        self, query: CandidateQuery, bound: ScoreBound, *, offset: int, limit: int
    ) -> list[tuple[Availability, float]]:
        """A page of prefiltered candidates whose score bound reaches the minimum score, best bound
        first (ties by id), each with its bound (the domain's exact neutral score is never above it)."""

    async def get_many(self, ids: set[uuid.UUID]) -> list[Availability]: ...

    async def due_to_expire(self, now: datetime, limit: int) -> list[Availability]:
        """Live ones past their cut-off, locked for this transaction (skipping rows others hold)."""


class RequirementRepository(Protocol):
    async def add(self, requirement: Requirement) -> None: ...

    async def get(self, requirement_id: uuid.UUID, *, for_update: bool = False) -> Requirement | None: ...

    async def save(self, requirement: Requirement) -> None: ...

    async def with_fingerprint(self, fingerprint: str) -> list[Requirement]: ...

    async def search(self, page: PostingFilter) -> list[Requirement]: ...

    async def open_for(self, query: RequirementQuery) -> list[uuid.UUID]: ...

    async def due_to_expire(self, now: datetime, limit: int) -> list[Requirement]: ...


class MatchRepository(Protocol):
    async def for_requirement(self, requirement_id: uuid.UUID) -> list[Match]:
        """Best score first."""

    async def add(self, match: Match) -> None: ...

    async def save(self, match: Match) -> None: ...

    async def by_token(self, token: str, *, for_update: bool = False) -> Match | None: ...

    async def get(self, match_id: uuid.UUID, *, for_update: bool = False) -> Match | None: ...


@dataclass(frozen=True)
class DealFilter:
    """A keyset page of negotiations or trades, newest first; ``partner_id``: where it is either side;
    ``reach``: the deals a staff member's limited grants cover (None: no limit)."""

    limit: int
    after: tuple[datetime, uuid.UUID] | None = None
    partner_id: uuid.UUID | None = None
    status: str | None = None
    reach: Reach | None = None


class NegotiationRepository(Protocol):
    async def add(self, negotiation: Negotiation) -> None: ...

    async def get(self, negotiation_id: uuid.UUID, *, for_update: bool = False) -> Negotiation | None:
        """With its offers, oldest first."""

    async def save(self, negotiation: Negotiation) -> None:
        """Store the negotiation and its offers (new ones inserted, changed statuses updated)."""

    async def search(self, page: DealFilter) -> list[Negotiation]: ...

    async def idle_at(self, now: datetime, limit: int) -> list[Negotiation]:
        """Open negotiations idle past their own timeout at ``now``, locked (skipping rows others hold)."""


class TradeRepository(Protocol):
    async def add(self, trade: Trade, *, by: uuid.UUID) -> None:
        """Insert the booked trade and the first line of its status history."""

    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> Trade | None: ...

    async def save(self, trade: Trade, *, by: uuid.UUID) -> None:
        """Store the trade; a changed status adds a line to its history."""

    async def search(self, page: DealFilter) -> list[Trade]: ...

    async def next_sequence(self, year: int) -> int:
        """The tenant's next trade sequence for ``year``; the counter stays locked until commit, so
        committed numbers have no gaps."""


class TradingUnitOfWork(Protocol):
    @property
    def availabilities(self) -> AvailabilityRepository: ...

    @property
    def requirements(self) -> RequirementRepository: ...

    @property
    def matches(self) -> MatchRepository: ...

    @property
    def negotiations(self) -> NegotiationRepository: ...

    @property
    def trades(self) -> TradeRepository: ...

    @property
    def scope(self) -> DataScope: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def claim_inbox(self, event_id: uuid.UUID, consumer: str, wire_name: str) -> bool: ...

    async def hold_partner_commodity(self, partner_id: uuid.UUID, commodity_id: uuid.UUID) -> None:
        """Serialise, until this unit of work ends, every posting of the partner in the commodity, so
        that two opposite postings published at once cannot both pass the circular-trading check."""


class RiskVerdicts(Protocol):
    """The risk context's verdicts, as matching consumes them (adapter in the composition root)."""

    async def verdicts(
        self,
        tenant_id: uuid.UUID,
        buyer: PartyFacts,
        commodity_id: uuid.UUID,
        currency: str,
        offers: Sequence[tuple[PartyFacts, Decimal]],
    ) -> list[RiskVerdict]:
        """One verdict per (seller, amount the buyer would owe) of ``offers``, in their order, asked in one go."""
