"""``CreditLimitRepository`` on PostgreSQL: one row per limit, one per change in its history."""

from __future__ import annotations

import uuid
from dataclasses import astuple
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import ConcurrencyConflict
from backend.core.principal import DataScope
from backend.modules.risk.domain.credit import CreditLimit, CreditLimitChange
from backend.modules.risk.domain.enums import ChangeStatus, CreditSource
from backend.modules.risk.infrastructure.common import Track, in_scope, update_versioned
from backend.modules.risk.infrastructure.tables import credit_limit_changes as changes
from backend.modules.risk.infrastructure.tables import credit_limits as limits


def _change(row: Row[Any]) -> CreditLimitChange:
    return CreditLimitChange(
        id=row.id,
        source=CreditSource(row.source),
        old_amount=row.old_amount,
        new_amount=row.new_amount,
        requested_by=row.requested_by,
        reason=row.reason,
        status=ChangeStatus(row.status),
        requested_at=row.requested_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_note=row.decision_note,
    )


def _change_values(limit: CreditLimit, change: CreditLimitChange, position: int) -> dict[str, Any]:
    return {
        "id": change.id,
        "credit_limit_id": limit.id,
        "tenant_id": limit.tenant_id,
        "partner_id": limit.partner_id,
        "position": position,
        "source": change.source.value,
        "status": change.status.value,
        "old_amount": change.old_amount,
        "new_amount": change.new_amount,
        "requested_by": change.requested_by,
        "reason": change.reason,
        "requested_at": change.requested_at,
        "decided_by": change.decided_by,
        "decided_at": change.decided_at,
        "decision_note": change.decision_note,
    }


def _limit_values(limit: CreditLimit) -> dict[str, Any]:
    return {
        "amount": limit.amount,
        "currency": limit.currency,
        "source": limit.source.value,
        "version": limit.version,
        "updated_at": limit.updated_at,
    }


class SqlCreditLimitRepository:
    def __init__(self, session: AsyncSession, track: Track, scope: DataScope) -> None:
        self._session = session
        self._track = track
        self._scope = scope
        # each change as it was last stored, so a save writes only what changed
        self._stored: dict[uuid.UUID, dict[uuid.UUID, tuple[Any, ...]]] = {}

    def _remember(self, limit: CreditLimit) -> None:
        self._stored[limit.id] = {c.id: astuple(c) for c in limit.history}
        limit.persisted_version = limit.version
        self._track(limit)

    async def add(self, limit: CreditLimit) -> None:
        values = {"id": limit.id, "tenant_id": limit.tenant_id, "partner_id": limit.partner_id}
        try:
            await self._session.execute(
                insert(limits).values(**values, created_at=limit.created_at, **_limit_values(limit))
            )
        except IntegrityError as error:
            if "uq_credit_limits_tenant_id" in str(error.orig):
                raise ConcurrencyConflict(f"partner {limit.partner_id} got its credit limit meanwhile") from error
            raise
        if limit.history:
            rows = [_change_values(limit, c, i) for i, c in enumerate(limit.history)]
            await self._session.execute(insert(changes), rows)
        self._remember(limit)

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> CreditLimit | None:
        statement = select(limits).where(limits.c.partner_id == partner_id, *in_scope(self._scope, limits))
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            return None
        history = await self._session.execute(
            select(changes).where(changes.c.credit_limit_id == row.id).order_by(changes.c.position)
        )
        limit = CreditLimit(
            id=row.id,
            tenant_id=row.tenant_id,
            partner_id=row.partner_id,
            amount=row.amount,
            currency=row.currency,
            source=CreditSource(row.source),
            history=[_change(c) for c in history],
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
            persisted_version=row.version,
        )
        self._remember(limit)
        return limit

    async def save(self, limit: CreditLimit) -> None:
        what = f"the credit limit of partner {limit.partner_id}"
        await update_versioned(self._session, limits, limit.id, limit.persisted_version, _limit_values(limit), what)
        stored = self._stored.get(limit.id, {})
        for position, change in enumerate(limit.history):
            values = _change_values(limit, change, position)
            if change.id not in stored:
                await self._session.execute(insert(changes).values(**values))
            elif stored[change.id] != astuple(change):
                await self._session.execute(update(changes).where(changes.c.id == change.id).values(**values))
        self._remember(limit)
