"""/health/live and /health/ready, including the reasons for not being ready."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from backend.app.bootstrap import Container
from backend.app.main import create_app
from backend.core.config import Settings
from backend.db.engine import create_engine, create_session_factory
from tests.api.helpers import assert_problem
from tests.conftest import create_database, drop_database


async def test_live(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "live"}


async def test_ready_when_database_is_up_and_migrated(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


async def _client_for(url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=url, run_relay=False)
    engine = create_engine(url, settings)
    container = Container(settings=settings, engine=engine, session_factory=create_session_factory(engine))
    transport = httpx.ASGITransport(app=create_app(settings, container), raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://mandi.test") as client:
            yield client
    finally:
        await engine.dispose()


@pytest.fixture
async def unreachable() -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client_for("postgresql+asyncpg://postgres@127.0.0.1:9/nowhere"):
        yield client


@pytest.fixture
async def unmigrated(server_url: str) -> AsyncIterator[httpx.AsyncClient]:
    url = await create_database(server_url, prefix="mandi_empty")
    try:
        async for client in _client_for(url):
            yield client
    finally:
        await drop_database(url)


async def test_not_ready_without_a_database(unreachable: httpx.AsyncClient) -> None:
    response = await unreachable.get("/health/ready")
    body = assert_problem(response, 503, "not-ready")
    assert body["checks"]["database"].startswith("unreachable")
    assert response.headers["retry-after"] == "5"


async def test_not_ready_before_migrations(unmigrated: httpx.AsyncClient) -> None:
    body = assert_problem(await unmigrated.get("/health/ready"), 503, "not-ready")
    assert body["checks"]["database"] == "ok"
    assert "mandi migrate" in body["checks"]["migrations"]
