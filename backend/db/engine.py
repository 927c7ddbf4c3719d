"""Async engine and session factory; the only way code reaches the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from backend.core.config import Settings


def async_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` URLs and point them at asyncpg."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"Mandi runs on PostgreSQL only, not {parsed.get_backend_name()!r}")
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(url: str, settings: Settings, *, as_owner: bool = False) -> AsyncEngine:
    """``as_owner``: keep the URL's own role (migrations, maintenance); the app never does."""
    engine = create_async_engine(
        async_url(url),
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_pre_ping=True,
    )
    role = None if as_owner else settings.database_role
    if role:
        statement = f'SET ROLE "{role}"'

        @event.listens_for(engine.sync_engine, "connect")
        def _switch_role(dbapi_connection: Any, connection_record: Any) -> None:
            # a role that neither owns the tables nor bypasses RLS: tenant policies always apply.
            # Run on the driver connection outside any transaction: a SET ROLE inside one would be
            # undone by its first rollback, leaving the pooled connection on the login role.
            dbapi_connection.run_async(lambda driver: driver.execute(statement))

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: use cases read ids and versions after commit without lazy I/O
    return async_sessionmaker(engine, expire_on_commit=False)
