"""Repositories of negotiations and trades on PostgreSQL, and the match look-ups a negotiation starts from.

Saves compare the version the aggregate was loaded at (optimistic concurrency); the accept path
locks its rows (``for_update``) in a fixed order: negotiation, availability, requirement, then the
tenant's trade-number counter, so two acceptances never deadlock.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, insert, literal_column, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from backend.db.scoping import within_reach
from backend.modules.trading.application.ports import DealFilter
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.negotiation import Negotiation
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.infrastructure import amendment_store
from backend.modules.trading.infrastructure import deal_mapping as d
from backend.modules.trading.infrastructure import mapping as m
from backend.modules.trading.infrastructure.deal_tables import (
    negotiations,
    offers,
    trade_sequences,
    trade_status_history,
    trades,
)
from backend.modules.trading.infrastructure.repositories import SqlMatchRepository, _Base
from backend.modules.trading.infrastructure.tables import matches


class SqlDealMatchRepository(SqlMatchRepository):
    """The matching repository plus the look-ups by token and id a negotiation needs."""

    async def _one(self, statement: Select[Any], for_update: bool) -> Match | None:
        rows = await self._rows(statement.with_for_update() if for_update else statement)
        if not rows:
            return None
        match = m.match_of(rows[0])
        self._track(match)
        return match

    async def by_token(self, token: str, *, for_update: bool = False) -> Match | None:
        return await self._one(select(matches).where(self._tenant(), matches.c.token == token), for_update)

    async def get(self, match_id: uuid.UUID, *, for_update: bool = False) -> Match | None:
        return await self._one(select(matches).where(self._tenant(), matches.c.id == match_id), for_update)


def _deal_page(table: Any, page: DealFilter, order: str, tenant: Any) -> Select[Any]:
    statement = select(table).where(tenant)
    if page.partner_id is not None:
        statement = statement.where(
            or_(table.c.buyer_partner_id == page.partner_id, table.c.seller_partner_id == page.partner_id)
        )
    if page.status is not None:
        statement = statement.where(table.c.status == page.status)
    if page.reach is not None:
        statement = statement.where(
            within_reach(page.reach, table.c.commodity_id, table.c.buyer_branch_id, table.c.seller_branch_id)
        )
    if page.after is not None:
        statement = statement.where(tuple_(table.c[order], table.c.id) < tuple_(*page.after))
    return statement.order_by(table.c[order].desc(), table.c.id.desc()).limit(page.limit)


class SqlNegotiationRepository(_Base):
    table = negotiations

    async def _with_offers(self, rows: list[Any], track: bool) -> list[Negotiation]:
        if not rows:
            return []
        ids = [row.id for row in rows]
        offer_rows = await self._rows(select(offers).where(offers.c.negotiation_id.in_(ids)))
        by_negotiation: dict[uuid.UUID, list[Any]] = {}
        for offer in offer_rows:
            by_negotiation.setdefault(offer.negotiation_id, []).append(offer)
        found = [d.negotiation_of(row, by_negotiation.get(row.id, [])) for row in rows]
        if track:
            for negotiation in found:
                self._track(negotiation)
        return found

    async def add(self, negotiation: Negotiation) -> None:
        await self._insert(d.negotiation_row(negotiation))
        await self._store_offers(negotiation, 0)
        negotiation.persisted_version = negotiation.version
        self._track(negotiation)

    async def get(self, negotiation_id: uuid.UUID, *, for_update: bool = False) -> Negotiation | None:
        statement = select(negotiations).where(self._tenant(), negotiations.c.id == negotiation_id)
        rows = await self._rows(statement.with_for_update() if for_update else statement)
        found = await self._with_offers(rows, track=True)
        return found[0] if found else None

    async def save(self, negotiation: Negotiation) -> None:
        row = d.negotiation_row(negotiation)
        await self._update(negotiation.id, negotiation.persisted_version, row, "negotiation")
        stored = await self._session.execute(
            select(offers.c.id).where(offers.c.negotiation_id == negotiation.id).order_by(offers.c.position)
        )
        await self._store_offers(negotiation, len(stored.all()))
        negotiation.persisted_version = negotiation.version

    async def _store_offers(self, negotiation: Negotiation, stored: int) -> None:
        for position, offer in enumerate(negotiation.offers, start=1):
            row = d.offer_row(negotiation, position, offer)
            if position > stored:
                await self._session.execute(insert(offers).values(**row))
            else:  # only an offer's status changes after it was made
                await self._session.execute(update(offers).where(offers.c.id == offer.id).values(status=row["status"]))

    async def search(self, page: DealFilter) -> list[Negotiation]:
        rows = await self._rows(_deal_page(negotiations, page, "started_at", self._tenant()))
        return await self._with_offers(rows, track=False)

    async def idle_at(self, now: datetime, limit: int) -> list[Negotiation]:
        t = negotiations
        idle_until = t.c.last_activity_at + t.c.idle_timeout_seconds * literal_column("interval '1 second'")
        statement = (
            select(t)
            .where(t.c.status == "open", idle_until <= now)
            .order_by(negotiations.c.last_activity_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return await self._with_offers(await self._rows(statement), track=True)


class SqlTradeRepository(_Base):
    table = trades

    async def _history(self, trade: Trade, before: str | None, by: uuid.UUID) -> None:
        await self._session.execute(
            insert(trade_status_history).values(
                tenant_id=trade.tenant_id,
                trade_id=trade.id,
                buyer_partner_id=trade.buyer_partner_id,
                seller_partner_id=trade.seller_partner_id,
                from_status=before,
                to_status=trade.status.value,
                changed_by=by,
                reason=trade.status_reason,
                changed_at=trade.updated_at,
            )
        )

    async def _complete(self, rows: list[Any]) -> list[Trade]:
        history, amendments = await amendment_store.load(self._session, [row.id for row in rows])
        return [d.trade_of(row, history.get(row.id), amendments.get(row.id)) for row in rows]

    async def add(self, trade: Trade, *, by: uuid.UUID) -> None:
        await self._insert(d.trade_row(trade))
        await amendment_store.store(self._session, trade, new=True)
        await self._history(trade, None, by)
        trade.persisted_version = trade.version
        self._track(trade)

    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> Trade | None:
        statement = select(trades).where(self._tenant(), trades.c.id == trade_id)
        rows = await self._rows(statement.with_for_update() if for_update else statement)
        if not rows:
            return None
        trade = (await self._complete(rows))[0]
        self._track(trade)
        return trade

    async def save(self, trade: Trade, *, by: uuid.UUID) -> None:
        before = await self._session.scalar(select(trades.c.status).where(trades.c.id == trade.id))
        await self._update(trade.id, trade.persisted_version, d.trade_row(trade), "trade")
        await amendment_store.store(self._session, trade)
        if before != trade.status.value:
            await self._history(trade, before, by)
        trade.persisted_version = trade.version

    async def search(self, page: DealFilter) -> list[Trade]:
        return await self._complete(await self._rows(_deal_page(trades, page, "created_at", self._tenant())))

    async def next_sequence(self, year: int) -> int:
        tenant_id = self._scope.tenant_id
        if tenant_id is None:
            raise RuntimeError("trade numbers are per tenant; this unit of work has no tenant")
        # the counter row stays locked until commit: a concurrent booking waits and then takes the
        # next number, and a rollback gives the number back, so committed numbers have no gaps
        statement = (
            pg_insert(trade_sequences)
            .values(tenant_id=tenant_id, year=year, last_value=1)
            .on_conflict_do_update(
                index_elements=[trade_sequences.c.tenant_id, trade_sequences.c.year],
                set_={"last_value": trade_sequences.c.last_value + 1},
            )
            .returning(trade_sequences.c.last_value)
        )
        return int((await self._session.execute(statement)).scalar_one())
