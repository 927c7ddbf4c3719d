"""Reading and writing a trade's terms versions and amendments alongside its row.

Versions are only ever added (a version, once in effect, never changes); an amendment row is
inserted when requested and later updated with its decision.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.domain.trade_terms import TradeAmendment, TradeTerms
from backend.modules.trading.infrastructure import amendment_mapping as a
from backend.modules.trading.infrastructure.amendment_tables import trade_amendments, trade_terms_versions


async def load(
    session: AsyncSession, trade_ids: list[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[TradeTerms]], dict[uuid.UUID, list[TradeAmendment]]]:
    """Each trade's versions (oldest first) and amendments (in the order requested)."""
    if not trade_ids:
        return {}, {}
    versions = await session.execute(
        select(trade_terms_versions)
        .where(trade_terms_versions.c.trade_id.in_(trade_ids))
        .order_by(trade_terms_versions.c.trade_id, trade_terms_versions.c.version)
    )
    amendments = await session.execute(
        select(trade_amendments)
        .where(trade_amendments.c.trade_id.in_(trade_ids))
        .order_by(trade_amendments.c.trade_id, trade_amendments.c.requested_at, trade_amendments.c.id)
    )
    history = {k: [a.terms_of(r) for r in rows] for k, rows in a.by_trade(list(versions.all())).items()}
    asked = {k: [a.amendment_of(r) for r in rows] for k, rows in a.by_trade(list(amendments.all())).items()}
    return history, asked


async def store(session: AsyncSession, trade: Trade, *, new: bool = False) -> None:
    """Insert the versions and amendments not stored yet; record decisions on the stored ones.

    ``new``: the trade was inserted in this transaction, so nothing of it is stored yet (a booking
    holds the trade counter's lock here: it skips the look-ups)."""
    stored_versions: set[int] = set()
    if not new:
        stored_versions = set(
            (
                await session.execute(
                    select(trade_terms_versions.c.version).where(trade_terms_versions.c.trade_id == trade.id)
                )
            ).scalars()
        )
    new_versions = [a.terms_row(trade, terms) for terms in trade.history if terms.version not in stored_versions]
    if new_versions:
        await session.execute(insert(trade_terms_versions), new_versions)
    stored: dict[uuid.UUID, Any] = {}
    if not new:
        stored = {
            row.id: row
            for row in await session.execute(
                select(trade_amendments.c.id, trade_amendments.c.status).where(trade_amendments.c.trade_id == trade.id)
            )
        }
    for amendment in trade.amendments:
        if amendment.id not in stored:
            await session.execute(insert(trade_amendments).values(**a.amendment_row(trade, amendment)))
        elif stored[amendment.id].status != amendment.status.value:
            await session.execute(
                update(trade_amendments)
                .where(trade_amendments.c.id == amendment.id)
                .values(**a.decided_columns(amendment))
            )
