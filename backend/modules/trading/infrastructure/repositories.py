"""Repositories of the trading context on PostgreSQL (SQLAlchemy Core over ``tables``).

Saves compare the version the aggregate was loaded at (optimistic concurrency); reads that change
state lock the row (``for_update``). Row-level security scopes every statement; the explicit
``tenant_id`` conditions let the partial indexes serve the matching prefilter (``score_bound``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.domain import AggregateRoot
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import DataScope
from backend.db.scoping import within_reach
from backend.modules.trading.application.ports import CandidateQuery, PostingFilter, RequirementQuery, ScoreBound
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.infrastructure import mapping as m
from backend.modules.trading.infrastructure.score_bound import bounded_statement, candidates_statement
from backend.modules.trading.infrastructure.tables import availabilities, matches, requirements

Track = Callable[[AggregateRoot], None]
LIVE_AVAILABILITY = ("active", "reserved")
OPEN_REQUIREMENT = ("active", "partially_fulfilled")
_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


class _Base:
    table: Table

    def __init__(self, session: AsyncSession, track: Track, scope: DataScope) -> None:
        self._session = session
        self._track = track
        self._scope = scope

    def _tenant(self) -> ColumnElement[bool]:
        tenant = self._scope.tenant_id
        return self.table.c.tenant_id == tenant if tenant is not None else and_(True)

    async def _rows(self, statement: Select[Any]) -> list[Any]:
        return list((await self._session.execute(statement)).all())

    async def _insert(self, row: dict[str, Any]) -> None:
        await self._session.execute(insert(self.table).values(**row))

    async def _update(self, aggregate_id: uuid.UUID, persisted: int, row: dict[str, Any], what: str) -> None:
        statement = (
            update(self.table).where(self.table.c.id == aggregate_id, self.table.c.version == persisted).values(**row)
        )
        result = await self._session.execute(statement)
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrencyConflict(f"{what} {aggregate_id} was changed by someone else; read it again and retry")

    def _page(self, page: PostingFilter, partner_column: str) -> Select[Any]:
        t = self.table
        statement = select(t).where(self._tenant())
        if page.partner_id is not None:
            statement = statement.where(t.c[partner_column] == page.partner_id)
        if page.status is not None:
            statement = statement.where(t.c.status == page.status)
        if page.commodity_id is not None:
            statement = statement.where(t.c.commodity_id == page.commodity_id)
        if page.reach is not None:
            statement = statement.where(within_reach(page.reach, t.c.commodity_id, t.c.branch_id))
        if page.after is not None:
            statement = statement.where(tuple_(t.c.created_at, t.c.id) < tuple_(*page.after))
        return statement.order_by(t.c.created_at.desc(), t.c.id.desc()).limit(page.limit)

    async def _lock(self, key: str) -> None:
        # the check for an identical posting and the insert that follows are serialised per key
        await self._session.execute(_LOCK, {"key": key})


class SqlAvailabilityRepository(_Base):
    table = availabilities

    def _loaded(self, row: Any) -> Availability:
        availability = m.availability_of(row)
        self._track(availability)
        return availability

    async def add(self, availability: Availability) -> None:
        availability.ensure_invariants()
        await self._insert(m.availability_row(availability))
        availability.persisted_version = availability.version
        self._track(availability)

    async def get(self, availability_id: uuid.UUID, *, for_update: bool = False) -> Availability | None:
        statement = select(availabilities).where(availabilities.c.id == availability_id)
        rows = await self._rows(statement.with_for_update() if for_update else statement)
        return self._loaded(rows[0]) if rows else None

    async def get_many(self, ids: set[uuid.UUID]) -> list[Availability]:
        if not ids:
            return []
        rows = await self._rows(select(availabilities).where(availabilities.c.id.in_(ids)))
        return [m.availability_of(row) for row in rows]

    async def save(self, availability: Availability) -> None:
        availability.ensure_invariants()
        row = m.availability_row(availability)
        await self._update(availability.id, availability.persisted_version, row, "availability")
        availability.persisted_version = availability.version

    async def with_fingerprint(self, fingerprint: str) -> list[Availability]:
        await self._lock(f"trading.availability.{fingerprint}")
        statement = select(availabilities).where(self._tenant(), availabilities.c.fingerprint == fingerprint)
        return [m.availability_of(row) for row in await self._rows(statement)]

    async def search(self, page: PostingFilter) -> list[Availability]:
        return [m.availability_of(row) for row in await self._rows(self._page(page, "seller_partner_id"))]

    async def candidates(self, query: CandidateQuery) -> list[Availability]:
        statement, values = candidates_statement(query, self._scope.tenant_id)
        return [m.availability_of(row) for row in (await self._session.execute(statement, values)).all()]

    async def bounded(
        self, query: CandidateQuery, bound: ScoreBound, *, offset: int, limit: int
    ) -> list[tuple[Availability, float]]:
        # one statement: the bound ranks over the covering index (index-only), and only the page's
        # rows are then read by primary key
        statement, values = bounded_statement(query, bound, self._scope.tenant_id, offset=offset, limit=limit)
        rows = (await self._session.execute(statement, values)).all()
        return [(m.availability_of(row), float(row.bound)) for row in rows]

    async def due_to_expire(self, now: datetime, limit: int) -> list[Availability]:
        t = availabilities
        statement = (
            select(t)
            .where(t.c.status.in_(LIVE_AVAILABILITY), t.c.expires_at <= now)
            .order_by(t.c.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [self._loaded(row) for row in await self._rows(statement)]


class SqlRequirementRepository(_Base):
    table = requirements

    def _loaded(self, row: Any) -> Requirement:
        requirement = m.requirement_of(row)
        self._track(requirement)
        return requirement

    async def add(self, requirement: Requirement) -> None:
        await self._insert(m.requirement_row(requirement))
        requirement.persisted_version = requirement.version
        self._track(requirement)

    async def get(self, requirement_id: uuid.UUID, *, for_update: bool = False) -> Requirement | None:
        statement = select(requirements).where(requirements.c.id == requirement_id)
        rows = await self._rows(statement.with_for_update() if for_update else statement)
        return self._loaded(rows[0]) if rows else None

    async def save(self, requirement: Requirement) -> None:
        row = m.requirement_row(requirement)
        await self._update(requirement.id, requirement.persisted_version, row, "requirement")
        requirement.persisted_version = requirement.version

    async def with_fingerprint(self, fingerprint: str) -> list[Requirement]:
        await self._lock(f"trading.requirement.{fingerprint}")
        statement = select(requirements).where(self._tenant(), requirements.c.fingerprint == fingerprint)
        return [m.requirement_of(row) for row in await self._rows(statement)]

    async def search(self, page: PostingFilter) -> list[Requirement]:
        return [m.requirement_of(row) for row in await self._rows(self._page(page, "buyer_partner_id"))]

    async def open_for(self, query: RequirementQuery) -> list[uuid.UUID]:
        t = requirements
        statement = (
            select(t.c.id)
            .where(
                self._tenant(),
                t.c.status.in_(OPEN_REQUIREMENT),
                t.c.commodity_id == query.commodity_id,
                t.c.currency == query.currency,
                t.c.max_price_per_base >= query.price_per_base,
                t.c.expires_at > query.now,
                t.c.buyer_partner_id != query.seller_partner_id,
            )
            .order_by(t.c.created_at)
            .limit(query.limit)
        )
        return [row.id for row in await self._rows(statement)]

    async def due_to_expire(self, now: datetime, limit: int) -> list[Requirement]:
        t = requirements
        statement = (
            select(t)
            .where(t.c.status.in_(OPEN_REQUIREMENT), t.c.expires_at <= now)
            .order_by(t.c.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [self._loaded(row) for row in await self._rows(statement)]


class SqlMatchRepository(_Base):
    table = matches

    async def for_requirement(self, requirement_id: uuid.UUID) -> list[Match]:
        statement = (
            select(matches)
            .where(matches.c.requirement_id == requirement_id)
            .order_by(matches.c.score.desc(), matches.c.created_at, matches.c.token)
        )
        found = [m.match_of(row) for row in await self._rows(statement)]
        for match in found:
            self._track(match)
        return found

    async def add(self, match: Match) -> None:
        await self._insert(m.match_row(match))
        match.persisted_version = match.version
        self._track(match)

    async def save(self, match: Match) -> None:
        await self._update(match.id, match.persisted_version, m.match_row(match), "match")
        match.persisted_version = match.version
