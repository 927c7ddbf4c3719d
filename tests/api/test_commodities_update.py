"""PATCH /api/v1/commodities/{id} and POST .../varieties: optimistic concurrency and rules."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.modules.commodities.infrastructure.tables import outbox
from tests.api.helpers import assert_problem, cotton, error_fields

URL = "/api/v1/commodities"


async def _create(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    response = await client.post(URL, json=cotton(**overrides))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_patch_with_the_current_version_changes_it(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    created = await _create(client)
    response = await client.patch(
        f"{URL}/{created['id']}", json={"name": "Cotton lint", "gst_rate": "12"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["gst_rate"], body["version"]) == ("Cotton lint", "12", 2)
    assert response.headers["etag"] == '"2"'
    events = (
        await connection.execute(
            select(outbox.c.wire_name, outbox.c.payload)
            .where(outbox.c.aggregate_id == created["id"])
            .order_by(outbox.c.seq)
        )
    ).all()
    assert [e.wire_name for e in events] == ["commodities.commodity_created.v1", "commodities.commodity_updated.v1"]
    assert sorted(events[1].payload["changed_fields"]) == ["gst_rate", "name"]
    assert events[1].payload["version"] == 2


@pytest.mark.parametrize("if_match", ['W/"1"', "1", "*"])
async def test_weak_bare_and_star_etags_are_accepted(client: httpx.AsyncClient, if_match: str) -> None:
    created = await _create(client)
    response = await client.patch(f"{URL}/{created['id']}", json={"name": "Kapas lint"}, headers={"If-Match": if_match})
    assert response.status_code == 200, response.text


async def test_patch_without_if_match_is_a_428(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    assert_problem(await client.patch(f"{URL}/{created['id']}", json={"name": "x"}), 428, "precondition-required")


async def test_patch_with_a_stale_version_is_a_412_and_changes_nothing(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    await client.patch(f"{URL}/{created['id']}", json={"name": "First"}, headers={"If-Match": '"1"'})
    body = assert_problem(
        await client.patch(f"{URL}/{created['id']}", json={"name": "Second"}, headers={"If-Match": '"1"'}),
        412,
        "precondition-failed",
    )
    assert body["current_version"] == 2
    assert (await client.get(f"{URL}/{created['id']}")).json()["name"] == "First"


async def test_garbage_if_match_is_a_412(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    response = await client.patch(f"{URL}/{created['id']}", json={"name": "x"}, headers={"If-Match": "banana"})
    assert_problem(response, 412, "precondition-failed")


async def test_patch_rule_breaks_are_422_and_keep_the_version(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    body = assert_problem(
        await client.patch(
            f"{URL}/{created['id']}",
            json={"gst_rate": "150", "units": [{"code": "BALE", "factor": "0"}]},
            headers={"If-Match": '"1"'},
        ),
        422,
        "invalid-commodity",
    )
    assert error_fields(body) == {"gst_rate", "units.0.factor"}
    assert (await client.get(f"{URL}/{created['id']}")).json()["version"] == 1


@pytest.mark.parametrize("field", ["code", "base_unit", "version"])
async def test_immutable_fields_cannot_be_patched(client: httpx.AsyncClient, field: str) -> None:
    created = await _create(client)
    response = await client.patch(f"{URL}/{created['id']}", json={field: "X"}, headers={"If-Match": '"1"'})
    body = assert_problem(response, 422, "request-validation-failed")
    assert error_fields(body) == {field}


async def test_patch_of_an_unknown_commodity_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.patch(f"{URL}/{uuid.uuid4()}", json={"name": "x"}, headers={"If-Match": '"1"'})
    assert_problem(response, 404, "commodity-not-found")


async def test_a_no_op_patch_keeps_the_version(client: httpx.AsyncClient, connection: AsyncConnection) -> None:
    created = await _create(client)
    response = await client.patch(f"{URL}/{created['id']}", json={"name": created["name"]}, headers={"If-Match": '"1"'})
    assert response.json()["version"] == 1
    rows = (await connection.execute(select(outbox).where(outbox.c.aggregate_id == created["id"]))).all()
    assert len(rows) == 1


async def test_replacing_units_and_parameters(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    response = await client.patch(
        f"{URL}/{created['id']}",
        json={
            "units": [{"code": "BALE", "factor": "170"}, {"code": "CANDY", "factor": "355.62"}],
            "quality_parameters": [{"name": "moisture", "unit": "%", "kind": "numeric", "max": "8.5"}],
        },
        headers={"If-Match": '"1"'},
    )
    body = response.json()
    assert body["units"] == [
        {"code": "KG", "factor": "1"},
        {"code": "BALE", "factor": "170"},
        {"code": "CANDY", "factor": "355.62"},
    ]
    assert [p["name"] for p in body["quality_parameters"]] == ["moisture"]


async def test_add_variety(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    response = await client.post(
        f"{URL}/{created['id']}/varieties", json={"name": "MCU-5", "description": "long staple"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["varieties"][-1] == {"name": "MCU-5", "description": "long staple"}
    assert body["version"] == 2


async def test_duplicate_variety_is_a_409(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    response = await client.post(f"{URL}/{created['id']}/varieties", json={"name": "shankar-6"})
    assert_problem(response, 409, "duplicate-variety")


async def test_a_deactivated_commodity_gets_no_new_variety(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    await client.patch(f"{URL}/{created['id']}", json={"active": False}, headers={"If-Match": '"1"'})
    response = await client.post(f"{URL}/{created['id']}/varieties", json={"name": "MCU-5"})
    body = assert_problem(response, 409, "commodity-inactive")
    assert "deactivated" in body["detail"]


async def test_variety_input_errors(client: httpx.AsyncClient) -> None:
    created = await _create(client)
    assert_problem(await client.post(f"{URL}/{created['id']}/varieties", json={"name": ""}), 422)
    assert_problem(
        await client.post(f"{URL}/{created['id']}/varieties", json={"name": "   "}), 422, "invalid-commodity"
    )
    assert_problem(await client.post(f"{URL}/{uuid.uuid4()}/varieties", json={"name": "MCU-5"}), 404)
    stale = await client.post(f"{URL}/{created['id']}/varieties", json={"name": "MCU-5"}, headers={"If-Match": '"7"'})
    assert_problem(stale, 412, "precondition-failed")
