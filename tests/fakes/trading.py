"""In-memory trading unit of work and repositories, behaving like the PostgreSQL ones.

Reads hand out fresh copies, writes are buffered until ``commit`` (an exit without commit is a
rollback), ``save`` refuses a stale version, the scope limits what is seen like row-level security
does, and commit turns the tracked aggregates' domain events into integration events, as
``SqlTradingUnitOfWork`` writes them to its outbox. As there, only what ``get``, ``add``,
``due_to_expire``, ``idle_at``, ``for_requirement`` and ``by_token`` hand out is tracked; searches
and prefilters are read-only. The stores, scope rule and prefilters are in ``trading_stores``; the
negotiation and trade repositories in ``trading_deals``; the other contexts' facades in
``trading_facades``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from backend.core.errors import Conflict
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import SYSTEM_SCOPE, DataScope
from backend.modules.trading.application.integration_events import to_integration_event
from backend.modules.trading.application.ports import CandidateQuery, PostingFilter, RequirementQuery, ScoreBound
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.requirement import Requirement
from tests.fakes.memory import InMemoryUnitOfWork
from tests.fakes.trading_deals import InMemoryNegotiationRepository, InMemoryTradeRepository
from tests.fakes.trading_stores import (
    LIVE_AVAILABILITY,
    OPEN_REQUIREMENT,
    Track,
    TradingStores,
    Versioned,
    may_serve,
    passes_prefilter,
)

# the SQL bound adds this to the weighted components; with every component at its maximum of 1 the
# trivial bound below is never under the domain's exact score
SLACK = 0.001


P = TypeVar("P", Availability, Requirement)


def _page(rows: list[P], page: PostingFilter, partner_of: str) -> list[P]:
    """``_Base._page``: keyset pages, newest first."""
    found = [
        r
        for r in rows
        if (page.partner_id is None or getattr(r, partner_of) == page.partner_id)
        and (page.status is None or r.status.value == page.status)
        and (page.commodity_id is None or r.commodity_id == page.commodity_id)
        and (page.reach is None or page.reach.covers(r.commodity_id, r.branch_id))
        and (page.after is None or (r.created_at, r.id) < page.after)
    ]
    found.sort(key=lambda r: (r.created_at, r.id), reverse=True)
    return found[: page.limit]


class InMemoryAvailabilityRepository:
    def __init__(self, stores: TradingStores, scope: DataScope, track: Track) -> None:
        self.rows = Versioned(stores.availabilities, "availability", scope, track)

    async def add(self, availability: Availability) -> None:
        availability.ensure_invariants()
        self.rows.insert(availability)

    async def get(self, availability_id: uuid.UUID, *, for_update: bool = False) -> Availability | None:
        stored = self.rows.all().get(availability_id)
        return self.rows.hand_out(stored) if stored is not None and self.rows.sees(stored) else None

    async def save(self, availability: Availability) -> None:
        availability.ensure_invariants()
        self.rows.update(availability)

    async def with_fingerprint(self, fingerprint: str) -> list[Availability]:
        return [self.rows.copy(a) for a in self.rows.in_tenant() if a.fingerprint == fingerprint]

    async def search(self, page: PostingFilter) -> list[Availability]:
        return [self.rows.copy(a) for a in _page(self.rows.in_tenant(), page, "seller_partner_id")]

    async def candidates(self, query: CandidateQuery) -> list[Availability]:
        found = [a for a in self.rows.in_tenant() if passes_prefilter(a, query)]
        return [self.rows.copy(a) for a in sorted(found, key=lambda a: a.id)]

    async def bounded(
        self, query: CandidateQuery, bound: ScoreBound, *, offset: int, limit: int
    ) -> list[tuple[Availability, float]]:
        """Every prefiltered candidate with the trivial bound (all components at 1): a superset of what
        PostgreSQL's tighter bound hands over, which the domain then ranks; ordered by id, as SQL breaks
        ties of equal bounds."""
        upper = float(sum(bound.weights, Decimal(0))) + SLACK
        if upper < float(bound.minimum_score):
            return []
        found = await self.candidates(query)
        return [(a, upper) for a in found[offset : offset + limit]]

    async def get_many(self, ids: set[uuid.UUID]) -> list[Availability]:
        return [self.rows.copy(a) for a in sorted(self.rows.visible(), key=lambda a: a.id) if a.id in ids]

    async def due_to_expire(self, now: datetime, limit: int) -> list[Availability]:
        due = [a for a in self.rows.visible() if a.status in LIVE_AVAILABILITY and a.expires_at <= now]
        due.sort(key=lambda a: a.expires_at)
        return [self.rows.hand_out(a) for a in due[:limit]]


class InMemoryRequirementRepository:
    def __init__(self, stores: TradingStores, scope: DataScope, track: Track) -> None:
        self.rows = Versioned(stores.requirements, "requirement", scope, track)

    async def add(self, requirement: Requirement) -> None:
        self.rows.insert(requirement)

    async def get(self, requirement_id: uuid.UUID, *, for_update: bool = False) -> Requirement | None:
        stored = self.rows.all().get(requirement_id)
        return self.rows.hand_out(stored) if stored is not None and self.rows.sees(stored) else None

    async def save(self, requirement: Requirement) -> None:
        self.rows.update(requirement)

    async def with_fingerprint(self, fingerprint: str) -> list[Requirement]:
        return [self.rows.copy(r) for r in self.rows.in_tenant() if r.fingerprint == fingerprint]

    async def search(self, page: PostingFilter) -> list[Requirement]:
        return [self.rows.copy(r) for r in _page(self.rows.in_tenant(), page, "buyer_partner_id")]

    async def open_for(self, query: RequirementQuery) -> list[uuid.UUID]:
        found = sorted((r for r in self.rows.in_tenant() if may_serve(r, query)), key=lambda r: r.created_at)
        return [r.id for r in found[: query.limit]]

    async def due_to_expire(self, now: datetime, limit: int) -> list[Requirement]:
        due = [r for r in self.rows.visible() if r.status in OPEN_REQUIREMENT and r.expires_at <= now]
        due.sort(key=lambda r: r.expires_at)
        return [self.rows.hand_out(r) for r in due[:limit]]


class InMemoryMatchRepository:
    def __init__(
        self,
        stores: TradingStores,
        scope: DataScope,
        track: Track,
        availabilities: Versioned[Availability],
        requirements: Versioned[Requirement],
    ) -> None:
        self.rows = Versioned(stores.matches, "match", scope, track)
        self._availabilities, self._requirements = availabilities, requirements

    async def for_requirement(self, requirement_id: uuid.UUID) -> list[Match]:
        found = [m for m in self.rows.visible() if m.requirement_id == requirement_id]
        found.sort(key=lambda m: (-m.score.total, m.created_at, m.token))
        return [self.rows.hand_out(m) for m in found]

    async def add(self, match: Match) -> None:
        # foreign keys are checked past row-level security, as PostgreSQL does
        if match.requirement_id not in self._requirements.all():
            raise Conflict(f"match {match.id} names no stored requirement {match.requirement_id}")
        if match.availability_id not in self._availabilities.all():
            raise Conflict(f"match {match.id} names no stored availability {match.availability_id}")
        for other in self.rows.all().values():
            if other.token == match.token or (other.requirement_id, other.availability_id) == (
                match.requirement_id,
                match.availability_id,
            ):
                raise Conflict(f"match {match.id} repeats the token or the pair of match {other.id}")
        self.rows.insert(match)

    async def save(self, match: Match) -> None:
        self.rows.update(match)

    async def by_token(self, token: str, *, for_update: bool = False) -> Match | None:
        found = next((m for m in self.rows.in_tenant() if m.token == token), None)
        return None if found is None else self.rows.hand_out(found)

    async def get(self, match_id: uuid.UUID, *, for_update: bool = False) -> Match | None:
        found = next((m for m in self.rows.in_tenant() if m.id == match_id), None)
        return None if found is None else self.rows.hand_out(found)


class InMemoryTradingUnitOfWork(InMemoryUnitOfWork):
    """Single use, like ``SqlTradingUnitOfWork``; ``published`` plays the outbox."""

    def __init__(
        self,
        stores: TradingStores,
        published: list[IntegrationEvent],
        inbox: set[tuple[uuid.UUID, str]],
        scope: DataScope = SYSTEM_SCOPE,
    ) -> None:
        super().__init__(published, inbox, scope, to_integration_event)
        self.stores = stores
        self._availabilities = InMemoryAvailabilityRepository(stores, scope, self.track)
        self._requirements = InMemoryRequirementRepository(stores, scope, self.track)
        self._matches = InMemoryMatchRepository(
            stores, scope, self.track, self._availabilities.rows, self._requirements.rows
        )
        self._negotiations = InMemoryNegotiationRepository(stores, scope, self.track, self._matches.rows)
        self._trades = InMemoryTradeRepository(stores, scope, self.track, self._negotiations.rows)

    @property
    def availabilities(self) -> InMemoryAvailabilityRepository:
        return self._availabilities

    @property
    def requirements(self) -> InMemoryRequirementRepository:
        return self._requirements

    @property
    def matches(self) -> InMemoryMatchRepository:
        return self._matches

    @property
    def negotiations(self) -> InMemoryNegotiationRepository:
        return self._negotiations

    @property
    def trades(self) -> InMemoryTradeRepository:
        return self._trades

    async def hold_partner_commodity(self, partner_id: uuid.UUID, commodity_id: uuid.UUID) -> None:
        # one event loop and atomic in-memory commits: nothing to serialise; the call is recorded
        self.stores.held.append((partner_id, commodity_id))

    def _all_rows(self) -> tuple[Versioned[Availability], Versioned[Requirement], Versioned[Match]]:
        return self._availabilities.rows, self._requirements.rows, self._matches.rows

    def _write(self) -> None:
        # everything is checked before anything is applied: a refused commit changes nothing
        for rows in self._all_rows():
            rows.check()
        self._negotiations.check()
        self._trades.check()
        for rows in self._all_rows():
            rows.apply()
        self._negotiations.apply()
        self._trades.apply()

    def _discard(self) -> None:
        for rows in self._all_rows():
            rows.discard()
        self._negotiations.discard()
        self._trades.discard()

    async def commit(self) -> None:
        if not self._entered:
            raise RuntimeError("the unit of work is used outside 'async with'")
        await super().commit()


class FakeTrading:
    """The state one test shares across units of work: stored rows, outbox (``published``) and inbox."""

    def __init__(self) -> None:
        self.stores = TradingStores()
        self.published: list[IntegrationEvent] = []
        self.inbox: set[tuple[uuid.UUID, str]] = set()
        self.uows: list[InMemoryTradingUnitOfWork] = []

    def uow(self, scope: DataScope = SYSTEM_SCOPE) -> InMemoryTradingUnitOfWork:
        uow = InMemoryTradingUnitOfWork(self.stores, self.published, self.inbox, scope)
        self.uows.append(uow)
        return uow

    def wire_names(self) -> list[str]:
        return [event.wire_name for event in self.published]
