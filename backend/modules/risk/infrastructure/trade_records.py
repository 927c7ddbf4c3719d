"""``TradeRecordRepository`` on PostgreSQL: what risk booked of each confirmed trade."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.principal import DataScope
from backend.modules.risk.application.trade_records import TradeRecord, TradeRecordStatus
from backend.modules.risk.domain.circular import OpenActivity
from backend.modules.risk.domain.enums import ActivityKind, Side
from backend.modules.risk.infrastructure.common import in_scope
from backend.modules.risk.infrastructure.tables import trade_records as records


def _record(row: Row[Any]) -> TradeRecord:
    return TradeRecord(
        trade_id=row.trade_id,
        tenant_id=row.tenant_id,
        trade_number=row.trade_number,
        buyer_partner_id=row.buyer_partner_id,
        seller_partner_id=row.seller_partner_id,
        commodity_id=row.commodity_id,
        buyer_branch_id=row.buyer_branch_id,
        seller_branch_id=row.seller_branch_id,
        quantity=row.quantity,
        unit=row.unit,
        price=row.price,
        currency=row.currency,
        amount=row.amount,
        tax=row.tax,
        status=TradeRecordStatus(row.status),
        confirmed_at=row.confirmed_at,
        closed_at=row.closed_at,
    )


class SqlTradeRecordRepository:
    def __init__(self, session: AsyncSession, scope: DataScope) -> None:
        self._session = session
        self._scope = scope

    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> TradeRecord | None:
        statement = select(records).where(records.c.trade_id == trade_id, *in_scope(self._scope, records, None))
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).one_or_none()
        return None if row is None else _record(row)

    async def add(self, record: TradeRecord) -> None:
        await self._session.execute(
            insert(records).values(
                trade_id=record.trade_id,
                tenant_id=record.tenant_id,
                trade_number=record.trade_number,
                buyer_partner_id=record.buyer_partner_id,
                seller_partner_id=record.seller_partner_id,
                commodity_id=record.commodity_id,
                buyer_branch_id=record.buyer_branch_id,
                seller_branch_id=record.seller_branch_id,
                quantity=record.quantity,
                unit=record.unit,
                price=record.price,
                currency=record.currency,
                amount=record.amount,
                tax=record.tax,
                status=record.status.value,
                confirmed_at=record.confirmed_at,
                closed_at=record.closed_at,
            )
        )

    async def save(self, record: TradeRecord) -> None:
        await self._session.execute(
            update(records)
            .where(records.c.trade_id == record.trade_id)
            .values(
                status=record.status.value,
                closed_at=record.closed_at,
                # an amendment changes the figures a later cancellation reverses
                quantity=record.quantity,
                price=record.price,
                amount=record.amount,
                tax=record.tax,
            )
        )

    async def open_activity(self, partner_id: uuid.UUID) -> list[OpenActivity]:
        return (await self.open_activities([partner_id]))[partner_id]

    async def open_activities(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[OpenActivity]]:
        wanted = list(dict.fromkeys(partner_ids))
        statement = (
            select(records)
            .where(
                # unsettled only: a settled trade (finance heard it paid in full) commits no one any more
                records.c.status == TradeRecordStatus.OPEN.value,
                or_(records.c.buyer_partner_id.in_(wanted), records.c.seller_partner_id.in_(wanted)),
                *in_scope(self._scope, records, None),
            )
            .order_by(records.c.confirmed_at, records.c.trade_id)
        )
        activity: dict[uuid.UUID, list[OpenActivity]] = {partner_id: [] for partner_id in wanted}
        for row in await self._session.execute(statement):
            for side, party in ((Side.BUY, row.buyer_partner_id), (Side.SELL, row.seller_partner_id)):
                if party in activity:
                    activity[party].append(OpenActivity(row.commodity_id, side, ActivityKind.TRADE, row.trade_number))
        return activity
