"""``ExposureRepository`` on PostgreSQL: one row per partner and currency, one per open trade."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.clock import utc_now
from backend.core.ids import new_uuid
from backend.core.principal import DataScope
from backend.modules.risk.domain.enums import Band
from backend.modules.risk.domain.exposure import Exposure, OpenTrade
from backend.modules.risk.infrastructure.common import Track, in_scope, tenant_of, update_versioned
from backend.modules.risk.infrastructure.tables import exposure_trades as trades
from backend.modules.risk.infrastructure.tables import exposures


class SqlExposureRepository:
    def __init__(self, session: AsyncSession, track: Track, scope: DataScope) -> None:
        self._session = session
        self._track = track
        self._scope = scope
        # each exposure's open trades as last stored: a save writes only the difference
        self._stored: dict[uuid.UUID, dict[uuid.UUID, OpenTrade]] = {}

    async def _load(self, rows: list[Row[Any]]) -> list[Exposure]:
        if not rows:
            return []
        found = await self._session.execute(select(trades).where(trades.c.exposure_id.in_([r.id for r in rows])))
        by_exposure: dict[uuid.UUID, dict[uuid.UUID, OpenTrade]] = {r.id: {} for r in rows}
        for t in found:
            by_exposure[t.exposure_id][t.trade_id] = OpenTrade(t.trade_id, t.amount, t.paid)
        loaded = []
        for row in rows:
            exposure = Exposure(
                id=row.id,
                tenant_id=row.tenant_id,
                partner_id=row.partner_id,
                currency=row.currency,
                trades=by_exposure[row.id],
                band=Band(row.band),
                updated_at=row.updated_at,
                version=row.version,
                persisted_version=row.version,
            )
            self._stored[exposure.id] = dict(exposure.trades)
            self._track(exposure)
            loaded.append(exposure)
        return loaded

    async def get(self, partner_id: uuid.UUID, currency: str, *, for_update: bool = False) -> Exposure | None:
        statement = select(exposures).where(
            exposures.c.partner_id == partner_id, exposures.c.currency == currency, *in_scope(self._scope, exposures)
        )
        if for_update:
            statement = statement.with_for_update()
        found = await self._load(list(await self._session.execute(statement)))
        return found[0] if found else None

    async def of_partner(self, partner_id: uuid.UUID) -> list[Exposure]:
        statement = (
            select(exposures)
            .where(exposures.c.partner_id == partner_id, *in_scope(self._scope, exposures))
            .order_by(exposures.c.currency)
        )
        return await self._load(list(await self._session.execute(statement)))

    async def locked(self, partner_id: uuid.UUID, currency: str) -> Exposure:
        # create the row if it is missing (a concurrent creator wins quietly), then lock it
        await self._session.execute(
            pg_insert(exposures)
            .values(
                id=new_uuid(),
                tenant_id=tenant_of(self._scope),
                partner_id=partner_id,
                currency=currency,
                band=Band.GREEN.value,
                version=1,
                updated_at=utc_now(),
            )
            .on_conflict_do_nothing()
        )
        exposure = await self.get(partner_id, currency, for_update=True)
        assert exposure is not None, "the exposure row was just ensured"
        return exposure

    async def save(self, exposure: Exposure) -> None:
        values = {"band": exposure.band.value, "version": exposure.version, "updated_at": exposure.updated_at}
        what = f"the exposure of partner {exposure.partner_id} in {exposure.currency}"
        await update_versioned(self._session, exposures, exposure.id, exposure.persisted_version, values, what)
        stored = self._stored.get(exposure.id, {})
        gone = [trade_id for trade_id in stored if trade_id not in exposure.trades]
        if gone:
            await self._session.execute(
                delete(trades).where(trades.c.exposure_id == exposure.id, trades.c.trade_id.in_(gone))
            )
        for trade in exposure.trades.values():
            before = stored.get(trade.trade_id)
            if before is None:
                await self._session.execute(insert(trades).values(**self._trade_values(exposure, trade)))
            elif before != trade:
                await self._session.execute(
                    update(trades)
                    .where(trades.c.exposure_id == exposure.id, trades.c.trade_id == trade.trade_id)
                    .values(amount=trade.amount, paid=trade.paid)
                )
        self._stored[exposure.id] = dict(exposure.trades)
        exposure.persisted_version = exposure.version

    @staticmethod
    def _trade_values(exposure: Exposure, trade: OpenTrade) -> dict[str, Any]:
        return {
            "exposure_id": exposure.id,
            "trade_id": trade.trade_id,
            "tenant_id": exposure.tenant_id,
            "partner_id": exposure.partner_id,
            "amount": trade.amount,
            "paid": trade.paid,
        }
