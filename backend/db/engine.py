"""Async engine and session factory; the only way code reaches the database."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from backend.core.config import Settings


def async_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` URLs and point them at asyncpg."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"Mandi runs on PostgreSQL only, not {parsed.get_backend_name()!r}")
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(url: str, settings: Settings) -> AsyncEngine:
    return create_async_engine(
        async_url(url),
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_pre_ping=True,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: use cases read ids and versions after commit without lazy I/O
    return async_sessionmaker(engine, expire_on_commit=False)
