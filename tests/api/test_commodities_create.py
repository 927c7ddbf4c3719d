"""POST /api/v1/commodities: creation, validation and what is (not) written."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.modules.commodities.infrastructure.tables import CommodityRow, outbox
from tests.api.helpers import assert_problem, cotton, error_fields

URL = "/api/v1/commodities"


async def _counts(connection: AsyncConnection) -> tuple[int, int]:
    commodities = await connection.scalar(select(func.count()).select_from(CommodityRow))
    events = await connection.scalar(select(func.count()).select_from(outbox))
    return int(commodities or 0), int(events or 0)


async def test_create_returns_the_commodity_with_exact_decimals(client: httpx.AsyncClient) -> None:
    response = await client.post(URL, json=cotton("cotton-x"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["code"] == "COTTON-X"
    assert body["gst_rate"] == "5"
    assert body["base_unit"] == "KG"
    assert body["units"] == [
        {"code": "KG", "factor": "1"},
        {"code": "BALE", "factor": "170"},
        {"code": "CANDY", "factor": "355.56"},
        {"code": "QUINTAL", "factor": "100"},
        {"code": "MT", "factor": "1000"},
    ]
    assert body["quality_parameters"][0] == {
        "name": "staple_length",
        "unit": "mm",
        "kind": "range",
        "min": "20",
        "max": "38",
        "allowed_values": [],
        "mandatory": True,
    }
    assert [v["name"] for v in body["varieties"]] == ["Shankar-6", "DCH-32"]
    assert body["active"] is True
    assert body["version"] == 1
    assert response.headers["etag"] == '"1"'
    assert response.headers["location"] == f"{URL}/{body['id']}"


async def test_create_writes_the_created_event_to_the_outbox(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    response = await client.post(URL, json=cotton())
    row = (await connection.execute(select(outbox).where(outbox.c.aggregate_id == response.json()["id"]))).one()
    assert row.wire_name == "commodities.commodity_created.v1"
    assert row.status == "pending"
    assert row.payload["code"] == response.json()["code"]
    assert row.payload["units"][2] == {"code": "CANDY", "factor": "355.56"}
    assert row.correlation_id == response.headers["x-request-id"]


async def test_duplicate_code_is_a_409_and_writes_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    await client.post(URL, json=cotton("DUP-1"))
    before = await _counts(connection)
    body = assert_problem(await client.post(URL, json=cotton("dup-1")), 409, "duplicate-commodity-code")
    assert "DUP-1" in body["detail"]
    assert await _counts(connection) == before


async def test_zero_or_negative_factor_is_a_422_naming_the_field(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    before = await _counts(connection)
    for factor in ("0", "-170"):
        units = [{"code": "BALE", "factor": factor}]
        body = assert_problem(await client.post(URL, json=cotton(units=units)), 422, "invalid-commodity")
        assert error_fields(body) == {"units.0.factor"}
        assert "greater than zero" in body["errors"][0]["message"]
    assert await _counts(connection) == before


async def test_every_rule_break_is_listed_at_once(client: httpx.AsyncClient) -> None:
    bad = cotton(
        code="1-BAD",
        hsn_code="52A1",
        gst_rate="101",
        units=[{"code": "BALE", "factor": "170"}, {"code": "bale", "factor": "171"}, {"code": "KG", "factor": "2"}],
        quality_parameters=[{"name": "micronaire", "kind": "range", "min": "5", "max": "3"}],
        varieties=[{"name": "Shankar-6"}, {"name": "shankar-6"}],
    )
    body = assert_problem(await client.post(URL, json=bad), 422, "invalid-commodity")
    assert error_fields(body) == {
        "code",
        "hsn_code",
        "gst_rate",
        "units.1.code",
        "units.2.factor",
        "quality_parameters.0.max",
        "varieties.1.name",
    }


async def test_floats_are_refused_because_they_already_lost_digits(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.post(URL, json=cotton(gst_rate=5.0)), 422, "request-validation-failed")
    assert error_fields(body) == {"gst_rate"}
    assert "strings" in body["errors"][0]["message"]


async def test_shape_errors_name_each_field(client: httpx.AsyncClient) -> None:
    payload = cotton(category="spaceship", units=[{"code": "BALE"}], colour="white")
    del payload["name"]
    body = assert_problem(await client.post(URL, json=payload), 422, "request-validation-failed")
    assert {"name", "category", "units.0.factor", "colour"} <= error_fields(body)


async def test_malformed_json_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post(URL, content=b"{not json", headers={"content-type": "application/json"})
    assert_problem(response, 422, "request-validation-failed")


async def test_enum_parameter_needs_allowed_values(client: httpx.AsyncClient) -> None:
    params = [{"name": "grade", "kind": "enum"}]
    body = assert_problem(await client.post(URL, json=cotton(quality_parameters=params)), 422, "invalid-commodity")
    assert error_fields(body) == {"quality_parameters.0.allowed_values"}
