"""The append-only audit trail of identity events (who, what, when, from where, which request)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.context import client_address_var, request_id_var
from backend.modules.identity.application.views import AuditEntry
from backend.modules.identity.infrastructure import tables


class SqlAuditTrail:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        action: str,
        *,
        tenant_id: uuid.UUID | None,
        actor_id: uuid.UUID | None,
        subject_type: str | None = None,
        subject_id: object | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        await self._session.execute(
            tables.audit_log.insert().values(
                tenant_id=tenant_id,
                actor_id=actor_id,
                action=action,
                subject_type=subject_type,
                subject_id=None if subject_id is None else str(subject_id),
                details=details or {},
                client_address=client_address_var.get(),
                request_id=request_id_var.get(),
            )
        )

    async def page(self, after: int | None, limit: int, action: str | None) -> list[AuditEntry]:
        log = tables.audit_log
        statement = select(log).order_by(log.c.seq.desc()).limit(limit)
        if after is not None:
            statement = statement.where(log.c.seq < after)
        if action is not None:
            statement = statement.where(log.c.action == action)
        rows = (await self._session.execute(statement)).all()
        return [
            AuditEntry(
                r.seq,
                r.occurred_at,
                r.tenant_id,
                r.actor_id,
                r.action,
                r.subject_type,
                r.subject_id,
                r.details,
                r.client_address,
                r.request_id,
            )
            for r in rows
        ]
