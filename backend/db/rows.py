"""Small helpers for repositories that map aggregates to Core tables by hand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import ConcurrencyConflict


async def insert_row(session: AsyncSession, table: Table, values: Mapping[str, Any]) -> None:
    await session.execute(insert(table).values(**values))


async def update_versioned(
    session: AsyncSession, table: Table, row_id: Any, persisted_version: int, values: Mapping[str, Any], what: str
) -> None:
    """UPDATE ... WHERE id AND version = the version the aggregate was loaded at; else a conflict."""
    result = await session.execute(
        update(table).where(table.c.id == row_id, table.c.version == persisted_version).values(**values)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise ConcurrencyConflict(f"{what} was changed by someone else; read it again and retry")
