"""``PositionRepository`` on PostgreSQL: one row per tenant, branch, commodity and currency."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.clock import utc_now
from backend.core.ids import new_uuid
from backend.core.principal import DataScope
from backend.db.scoping import within_reach
from backend.modules.risk.application.ports import PositionFilter
from backend.modules.risk.domain.positions import Position
from backend.modules.risk.infrastructure.common import Track, in_scope, tenant_of, update_versioned
from backend.modules.risk.infrastructure.tables import positions

_ZERO = {"long_quantity": 0, "long_value": 0, "short_quantity": 0, "short_value": 0}


class SqlPositionRepository:
    def __init__(self, session: AsyncSession, track: Track, scope: DataScope) -> None:
        self._session = session
        self._track = track
        self._scope = scope

    def _hand_out(self, row: Row[Any]) -> Position:
        position = Position(
            id=row.id,
            tenant_id=row.tenant_id,
            branch_id=row.branch_id,
            commodity_id=row.commodity_id,
            unit=row.unit,
            currency=row.currency,
            long_quantity=row.long_quantity,
            long_value=row.long_value,
            short_quantity=row.short_quantity,
            short_value=row.short_value,
            updated_at=row.updated_at,
            version=row.version,
            persisted_version=row.version,
        )
        self._track(position)
        return position

    async def locked(self, branch_id: uuid.UUID | None, commodity_id: uuid.UUID, currency: str, unit: str) -> Position:
        # open the position if it is missing (a concurrent opener wins quietly), then lock it
        await self._session.execute(
            pg_insert(positions)
            .values(
                id=new_uuid(),
                tenant_id=tenant_of(self._scope),
                branch_id=branch_id,
                commodity_id=commodity_id,
                currency=currency,
                unit=unit,
                version=1,
                updated_at=utc_now(),
                **_ZERO,
            )
            .on_conflict_do_nothing()
        )
        statement = (
            select(positions)
            .where(
                positions.c.branch_id.is_not_distinct_from(branch_id),
                positions.c.commodity_id == commodity_id,
                positions.c.currency == currency,
                *in_scope(self._scope, positions, partner_column=None),
            )
            .with_for_update()
        )
        return self._hand_out((await self._session.execute(statement)).one())

    async def save(self, position: Position) -> None:
        values = {
            "long_quantity": position.long_quantity,
            "long_value": position.long_value,
            "short_quantity": position.short_quantity,
            "short_value": position.short_value,
            "version": position.version,
            "updated_at": position.updated_at,
        }
        what = f"the position in commodity {position.commodity_id}"
        await update_versioned(self._session, positions, position.id, position.persisted_version, values, what)
        position.persisted_version = position.version

    async def list(self, page: PositionFilter) -> list[Position]:
        conditions = [*in_scope(self._scope, positions, partner_column=None)]
        if page.reach is not None:
            conditions.append(within_reach(page.reach, positions.c.commodity_id, positions.c.branch_id))
        if page.after is not None:
            conditions.append(positions.c.id > page.after)
        if page.branch_id is not None:
            conditions.append(positions.c.branch_id == page.branch_id)
        if page.commodity_id is not None:
            conditions.append(positions.c.commodity_id == page.commodity_id)
        statement = select(positions).where(*conditions).order_by(positions.c.id).limit(page.limit)
        return [self._hand_out(row) for row in await self._session.execute(statement)]
