"""Request ids, unknown routes and methods, and unhandled errors: all problem+json."""

from __future__ import annotations

import logging

import httpx
import pytest

from backend.app.bootstrap import Container
from backend.app.main import create_app
from tests.api.helpers import assert_problem


async def test_a_sane_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "trader-7.abc"})
    assert response.headers["x-request-id"] == "trader-7.abc"


async def test_an_insane_request_id_is_replaced(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "<script>"})
    assert response.headers["x-request-id"] != "<script>"
    assert len(response.headers["x-request-id"]) == 32


async def test_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/api/v1/nothing-here"), 404, "not-found")


async def test_wrong_method_is_a_405_problem_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/commodities")
    assert_problem(response, 405, "method-not-allowed")
    assert "GET" in response.headers["allow"]


async def test_an_unhandled_error_is_a_500_without_internals(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(container.settings, container)

    async def explode() -> None:
        raise RuntimeError("password=hunter2 leaked in a message")

    app.add_api_route("/explode", explode)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://mandi.test") as client:
        with caplog.at_level(logging.ERROR):
            response = await client.get("/explode", headers={"X-Request-ID": "req-500"})
    body = assert_problem(response, 500, "internal-error")
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    assert "req-500" in body["detail"]
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and "req-500" in r.getMessage()]
    assert logged
    assert logged[0].exc_info is not None


async def test_openapi_lists_the_commodity_endpoints(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert {
        "/api/v1/commodities",
        "/api/v1/commodities/{commodity_id}",
        "/api/v1/commodities/{commodity_id}/varieties",
        "/api/v1/commodities/{commodity_id}/convert",
        "/api/v1/commodities/{commodity_id}/quality-check",
    } <= set(paths)


async def test_a_concurrent_modification_is_a_retryable_409(container: Container) -> None:
    from backend.core.errors import ConcurrencyConflict

    app = create_app(container.settings, container)

    async def lose_race() -> None:
        raise ConcurrencyConflict("commodity COTTON was changed by someone else; read it again and retry")

    app.add_api_route("/race", lose_race)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://mandi.test") as client:
        response = await client.get("/race")
    assert_problem(response, 409, "concurrent-modification")
    assert response.headers["retry-after"] == "0"
