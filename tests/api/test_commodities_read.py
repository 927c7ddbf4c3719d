"""GET /api/v1/commodities and /{id}: reads, filters and cursor pagination."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.api.helpers import assert_problem, cotton, error_fields

URL = "/api/v1/commodities"


async def test_get_by_id_returns_it_with_its_etag(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json=cotton())).json()
    response = await client.get(f"{URL}/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created
    assert response.headers["etag"] == '"1"'


async def test_unknown_id_is_a_404(client: httpx.AsyncClient) -> None:
    missing = uuid.uuid4()
    body = assert_problem(await client.get(f"{URL}/{missing}"), 404, "commodity-not-found")
    assert str(missing) in body["detail"]


async def test_malformed_id_is_a_422_on_the_path(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.get(f"{URL}/not-a-uuid"), 422, "request-validation-failed")
    assert error_fields(body) == {"path.commodity_id"}


async def test_pages_follow_code_order_until_the_last(client: httpx.AsyncClient) -> None:
    prefix = f"PG{uuid.uuid4().hex[:4].upper()}"
    codes = [f"{prefix}-{n}" for n in (3, 1, 2, 4, 5)]
    for code in codes:
        await client.post(URL, json=cotton(code, category="spices"))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 2, "category": "spices"}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(URL, params=params)).json()
        pages += 1
        seen += [item["code"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(codes)
    assert pages == 3


async def test_filters_by_category_and_active(client: httpx.AsyncClient) -> None:
    await client.post(URL, json=cotton("FLT-ON", category="energy"))
    await client.post(URL, json=cotton("FLT-OFF", category="energy", active=False))
    active = (await client.get(URL, params={"category": "energy", "active": "true"})).json()["items"]
    inactive = (await client.get(URL, params={"category": "energy", "active": "false"})).json()["items"]
    assert [c["code"] for c in active] == ["FLT-ON"]
    assert [c["code"] for c in inactive] == ["FLT-OFF"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 201}, "query.limit"),
        ({"limit": "ten"}, "query.limit"),
        ({"category": "spaceship"}, "query.category"),
        ({"cursor": "not-a-cursor"}, "query.cursor"),
        ({"cursor": "eyJ4IjogMX0"}, "query.cursor"),  # valid base64 JSON, but not our shape
    ],
)
async def test_bad_list_parameters_are_422s(client: httpx.AsyncClient, params: dict[str, object], field: str) -> None:
    body = assert_problem(await client.get(URL, params=params), 422)
    assert field in error_fields(body)
