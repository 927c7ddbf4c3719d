"""``CreditReservationRepository`` on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.principal import DataScope
from backend.modules.risk.domain.reservations import CreditReservation, ReservationStatus
from backend.modules.risk.infrastructure.common import in_scope
from backend.modules.risk.infrastructure.tables import credit_reservations as reservations

_ACTIVE = ReservationStatus.ACTIVE.value


def _reservation(row: Row[Any]) -> CreditReservation:
    return CreditReservation(
        id=row.id,
        tenant_id=row.tenant_id,
        partner_id=row.partner_id,
        currency=row.currency,
        amount=row.amount,
        reference=row.reference,
        created_at=row.created_at,
        expires_at=row.expires_at,
        status=ReservationStatus(row.status),
        trade_id=row.trade_id,
        closed_at=row.closed_at,
    )


class SqlCreditReservationRepository:
    def __init__(self, session: AsyncSession, scope: DataScope) -> None:
        self._session = session
        self._scope = scope

    async def add(self, reservation: CreditReservation) -> None:
        await self._session.execute(
            insert(reservations).values(
                id=reservation.id,
                tenant_id=reservation.tenant_id,
                partner_id=reservation.partner_id,
                currency=reservation.currency,
                amount=reservation.amount,
                reference=reservation.reference,
                status=reservation.status.value,
                trade_id=reservation.trade_id,
                created_at=reservation.created_at,
                expires_at=reservation.expires_at,
                closed_at=reservation.closed_at,
            )
        )

    async def get(self, reservation_id: uuid.UUID, *, for_update: bool = False) -> CreditReservation | None:
        statement = select(reservations).where(
            reservations.c.id == reservation_id, *in_scope(self._scope, reservations)
        )
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).one_or_none()
        return None if row is None else _reservation(row)

    async def held(self, partner_id: uuid.UUID, currency: str, now: datetime) -> Decimal:
        statement = select(func.coalesce(func.sum(reservations.c.amount), 0)).where(
            reservations.c.partner_id == partner_id,
            reservations.c.currency == currency,
            reservations.c.status == _ACTIVE,
            reservations.c.expires_at > now,
            *in_scope(self._scope, reservations),
        )
        return Decimal((await self._session.execute(statement)).scalar_one())

    async def save(self, reservation: CreditReservation) -> None:
        await self._session.execute(
            update(reservations)
            .where(reservations.c.id == reservation.id)
            .values(status=reservation.status.value, trade_id=reservation.trade_id, closed_at=reservation.closed_at)
        )

    async def purge(self, before: datetime) -> int:
        statement = delete(reservations).where(
            or_(
                reservations.c.closed_at < before,
                (reservations.c.status == _ACTIVE) & (reservations.c.expires_at < before),
            ),
            *in_scope(self._scope, reservations),
        )
        result = await self._session.execute(statement)
        return int(result.rowcount)  # type: ignore[attr-defined]
