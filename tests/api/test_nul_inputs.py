"""A NUL character (U+0000) in any text of any context's input is a 422 naming the field, never the
500 PostgreSQL's refusal to store it would give; nothing is written."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_problem, cotton
from tests.api.partners import helpers as p


def _fields(response: httpx.Response) -> list[str]:
    problem = assert_problem(response, 422, "request-validation-failed")
    return [error["field"] for error in problem["errors"]]


async def test_a_partner_with_a_nul_in_its_name_is_a_422(client: httpx.AsyncClient) -> None:
    body = p.partner(p.new_pan(), legal_name="Unique\x00 Traders")
    assert _fields(await client.post(p.URL, json=body)) == ["legal_name"]
    assert (await client.get(p.URL)).json()["items"] == []


async def test_a_commodity_with_a_nul_in_its_name_is_a_422(client: httpx.AsyncClient) -> None:
    before = (await client.get("/api/v1/commodities", params={"limit": 200})).json()["items"]
    response = await client.post("/api/v1/commodities", json=cotton(name="Raw\x00cotton"))
    assert _fields(response) == ["name"]
    assert (await client.get("/api/v1/commodities", params={"limit": 200})).json()["items"] == before


async def test_a_branch_with_a_nul_in_its_name_is_a_422(client: httpx.AsyncClient) -> None:
    body = {"code": "RJK", "name": "Rajkot\x00", "state_code": "24"}
    assert _fields(await client.post("/api/v1/branches", json=body)) == ["name"]


async def test_a_nul_in_a_query_parameter_is_a_422_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.get(p.URL, params={"name": "Uni\x00que", "limit": "5"})
    assert _fields(response) == ["query.name"]
    assert _fields(await client.get("/api/v1/audit-events", params={"action": "\x00"})) == ["query.action"]
    # a path parameter is an id, a pattern-checked token or a declared key: never a 500 either
    assert_problem(await client.get("/api/v1/config/a%00b/history"), 404, "unknown-config-key")
