"""What every risk repository shares: the scope conditions and the optimistic version check."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Table, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.domain import AggregateRoot
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import DataScope

Track = Callable[[AggregateRoot], None]


def in_scope(scope: DataScope, table: Table, partner_column: str | None = "partner_id") -> list[ColumnElement[bool]]:
    """The conditions that keep a statement to ``scope``: its tenant and, for a partner user, its
    partner (row-level security enforces the same underneath)."""
    if scope.platform:
        return []
    conditions: list[ColumnElement[bool]] = [table.c.tenant_id == scope.tenant_id]
    if scope.partner_id is not None and partner_column is not None:
        conditions.append(table.c[partner_column] == scope.partner_id)
    return conditions


def tenant_of(scope: DataScope) -> uuid.UUID:
    if scope.tenant_id is None:
        raise RuntimeError("risk rows are written within a tenant's scope")
    return scope.tenant_id


async def update_versioned(
    session: AsyncSession, table: Table, row_id: uuid.UUID, loaded_version: int, values: dict[str, Any], what: str
) -> None:
    """``UPDATE`` the row only if it is still at ``loaded_version``; else someone changed it first."""
    result = await session.execute(
        update(table).where(table.c.id == row_id, table.c.version == loaded_version).values(**values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConcurrencyConflict(f"{what} was changed by someone else; read it again and retry")
