"""``GET /api/v1/risk/positions``: per branch and commodity, filtered, in cursor pages, staff only."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.actors import api_client
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.risk.conftest import Desk
from tests.fakes.risk_events import trade_confirmed

POSITIONS = "/api/v1/risk/positions"


async def _all(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"limit": 1, **params}
    while True:
        response = await client.get(POSITIONS, params=query)
        assert response.status_code == 200, response.text
        items += response.json()["items"]
        if response.json()["next_cursor"] is None:
            return items
        query["cursor"] = response.json()["next_cursor"]


async def test_positions_are_kept_per_branch_and_commodity(client: httpx.AsyncClient, desk: Desk) -> None:
    rajkot = await h.open_test_branch(desk.container, desk.admin)
    surat = await h.open_test_branch(desk.container, desk.admin)
    cotton, wheat = uuid.uuid4(), uuid.uuid4()
    await desk.deliver(
        trade_confirmed(
            desk.tenant, desk.buyer, desk.seller, cotton, amount="100000", quantity="1700", branch_id=rajkot
        ),
        trade_confirmed(desk.tenant, desk.buyer, desk.seller, cotton, amount="50000", quantity="850", branch_id=rajkot),
        trade_confirmed(desk.tenant, desk.buyer, desk.seller, wheat, amount="24000", quantity="1000", branch_id=surat),
    )
    every = await _all(client)
    assert len(every) == 2
    [rajkot_cotton] = await _all(client, branch_id=str(rajkot))
    assert {k: rajkot_cotton[k] for k in ("branch_id", "commodity_id", "unit", "currency")} == {
        "branch_id": str(rajkot),
        "commodity_id": str(cotton),
        "unit": "KG",
        "currency": "INR",
    }
    assert (rajkot_cotton["long_quantity"], rajkot_cotton["short_quantity"], rajkot_cotton["net_quantity"]) == (
        "2550",
        "2550",
        "0",
    )
    assert (rajkot_cotton["long_value"], rajkot_cotton["average_sell_price"]) == ("150000", "58.823529411765")
    assert [p["branch_id"] for p in await _all(client, commodity_id=str(wheat))] == [str(surat)]

    reader = await h.define_role(desk.container, desk.admin, ["risk.read"])
    scoped = await h.internal_user(desk.container, desk.admin, reader, branch_ids=[surat])
    async with api_client(desk.container, scoped) as c:
        assert [p["branch_id"] for p in await _all(c)] == [str(surat)]
        problem = assert_problem(await c.get(POSITIONS, params={"branch_id": str(rajkot)}), 403)
    assert problem["permission"] == "risk.read"


async def test_bad_queries_are_422_naming_the_parameter(client: httpx.AsyncClient, desk: Desk) -> None:
    for params, field in (
        ({"branch_id": "rajkot"}, "query.branch_id"),
        ({"commodity_id": "1"}, "query.commodity_id"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 1000}, "query.limit"),
    ):
        problem = assert_problem(await client.get(POSITIONS, params=params), 422, "request-validation-failed")
        assert error_fields(problem) == {field}
    for cursor in ("garbage", "eyJhZnRlciI6ICJ4In0"):  # the second decodes to {"after": "x"}
        problem = assert_problem(await client.get(POSITIONS, params={"cursor": cursor}), 422, "invalid-cursor")
        assert error_fields(problem) == {"query.cursor"}


async def test_positions_are_the_tenants_staff_business(desk: Desk) -> None:
    await desk.deliver(trade_confirmed(desk.tenant, desk.buyer, desk.seller, uuid.uuid4()))
    partner = await h.external_user(desk.container, desk.admin, desk.buyer, "partner_user")
    async with api_client(desk.container, partner) as c:
        assert_problem(await c.get(POSITIONS), 403, "forbidden")
    other = await h.new_tenant(desk.container, "Other Traders")
    async with api_client(desk.container, other) as outsider:
        response = await outsider.get(POSITIONS)
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}
