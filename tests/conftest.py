"""Shared fixtures: a fresh, migrated PostgreSQL database per test run, a rolled-back transaction per test.

``MANDI_TEST_DATABASE_URL`` names a server (CI points it at the machine's PostgreSQL); without it the
embedded PostgreSQL in ``.mandi/test`` serves the run, as it serves a new user.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from backend.app.bootstrap import Container
from backend.core.config import Settings
from backend.db import migrate
from backend.db.embedded import start_embedded_server
from backend.db.engine import async_url, create_engine
from tests.actors import Actor, api_client, platform_operator, tenant_admin

ROOT = Path(__file__).resolve().parent.parent


def _server_url() -> str:
    configured = os.environ.get("MANDI_TEST_DATABASE_URL")
    if configured:
        return configured
    return start_embedded_server(ROOT / ".mandi" / "test")


def _plain(url: str) -> str:
    return make_url(async_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_database(server_url: str, prefix: str = "mandi_test") -> str:
    """A new empty database on the test server; returns its async URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(_plain(server_url))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return make_url(async_url(server_url)).set(database=name).render_as_string(hide_password=False)


async def drop_database(database_url: str) -> None:
    url = make_url(database_url)
    connection = await asyncpg.connect(_plain(url.set(database="postgres").render_as_string(hide_password=False)))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    finally:
        await connection.close()


def pytest_report_header() -> str:
    target = os.environ.get("MANDI_TEST_DATABASE_URL") or "embedded PostgreSQL (.mandi/test)"
    return f"database: {target}"


@pytest.fixture(scope="session")
def server_url() -> str:
    return _server_url()


@pytest.fixture(scope="session")
async def database_url(server_url: str) -> AsyncIterator[str]:
    url = await create_database(server_url)
    await migrate.upgrade(url)
    yield url
    await drop_database(url)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    # a cheap Argon2 cost keeps the many sign-ins of the suite fast; production uses the defaults
    return Settings(
        database_url=database_url,
        run_relay=False,
        environment="test",
        secret_key="test-secret-key",
        argon2_time_cost=1,
        argon2_memory_kib=64,
    )


@pytest.fixture(scope="session")
async def engine(database_url: str, settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Everything a test writes happens inside this transaction and is rolled back after it."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            await transaction.rollback()


@pytest.fixture
def session_factory(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    # commits inside the code under test become savepoint releases within the test's transaction
    return async_sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")


@pytest.fixture
def container(settings: Settings, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]) -> Container:
    return Container(settings=settings, engine=engine, session_factory=session_factory)


@pytest.fixture
async def admin(container: Container) -> Actor:
    """The tenant admin of a fresh tenant (every tenant permission)."""
    return await tenant_admin(container)


@pytest.fixture
async def operator(container: Container) -> Actor:
    return await platform_operator(container)


@pytest.fixture
async def client(container: Container, admin: Actor) -> AsyncIterator[httpx.AsyncClient]:
    """The API as the tenant admin of a fresh tenant."""
    async with api_client(container, admin) as client:
        yield client


@pytest.fixture
async def anonymous(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(container) as client:
        yield client


@pytest.fixture
def committed_container(settings: Settings, engine: AsyncEngine) -> Callable[[], Container]:
    """Containers whose writes really commit (for races and crash tests); clean up after yourself."""
    from backend.db.engine import create_session_factory

    return lambda: Container(settings=settings, engine=engine, session_factory=create_session_factory(engine))


@contextlib.asynccontextmanager
async def platform_session(container: Container) -> AsyncIterator[AsyncSession]:
    """A committing session in the platform's row-level-security scope (set-up and clean-up)."""
    async with container.session_factory() as session, session.begin():
        await session.execute(text("SELECT set_config('mandi.platform', 'on', true)"))
        yield session
