"""Raw SQL as the application role in a chosen scope, to prove what row-level security lets through."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app.bootstrap import Container


@contextlib.asynccontextmanager
async def scoped(
    container: Container, tenant: uuid.UUID, partner: uuid.UUID | None = None
) -> AsyncIterator[AsyncSession]:
    """A session that sees what ``tenant`` (and, given, ``partner``) may see."""
    async with container.session_factory() as session, session.begin():
        await session.execute(
            text(
                "SELECT set_config('mandi.tenant_id', :t, true), set_config('mandi.partner_id', :p, true),"
                " set_config('mandi.platform', 'off', true)"
            ),
            {"t": str(tenant), "p": str(partner or "")},
        )
        yield session


async def refused(session: AsyncSession, statement: str, params: dict[str, object]) -> str:
    """The database's message refusing ``statement`` (which must fail; the session goes on)."""
    with pytest.raises(DBAPIError) as caught:
        async with session.begin_nested():
            await session.execute(text(statement), params)
    return str(caught.value.orig)


async def secured_tables(container: Container, schema: str) -> set[str]:
    """The tables of ``schema`` that have row-level security enabled."""
    async with container.session_factory() as session:
        found = await session.scalars(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = :s AND c.relkind = 'r' AND c.relrowsecurity"
            ),
            {"s": schema},
        )
        return set(found.all())
