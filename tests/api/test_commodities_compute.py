"""POST .../convert and .../quality-check."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.api.helpers import assert_problem, cotton, error_fields

URL = "/api/v1/commodities"


@pytest.fixture
async def commodity(client: httpx.AsyncClient) -> dict[str, Any]:
    body: dict[str, Any] = (await client.post(URL, json=cotton())).json()
    return body


async def _convert(client: httpx.AsyncClient, commodity_id: str, quantity: Any, src: str, dst: str) -> httpx.Response:
    return await client.post(
        f"{URL}/{commodity_id}/convert", json={"quantity": quantity, "from_unit": src, "to_unit": dst}
    )


@pytest.mark.parametrize(
    ("quantity", "src", "dst", "expected", "exact"),
    [
        ("1", "CANDY", "KG", "355.56", True),
        ("355.56", "KG", "CANDY", "1", True),
        ("2", "BALE", "QUINTAL", "3.4", True),
        ("1", "MT", "candy", "2.812464844189", False),
        ("0.001", "MT", "KG", "1", True),
    ],
)
async def test_conversion_is_exact_where_it_terminates(
    client: httpx.AsyncClient, commodity: dict[str, Any], quantity: str, src: str, dst: str, expected: str, exact: bool
) -> None:
    response = await _convert(client, commodity["id"], quantity, src, dst)
    assert response.status_code == 200, response.text
    assert response.json() == {"quantity": expected, "unit": dst.upper(), "exact": exact}


async def test_a_candy_goes_to_kg_and_back_without_drift(client: httpx.AsyncClient, commodity: dict[str, Any]) -> None:
    kg = (await _convert(client, commodity["id"], "1", "CANDY", "KG")).json()["quantity"]
    back = (await _convert(client, commodity["id"], kg, "KG", "CANDY")).json()
    assert back == {"quantity": "1", "unit": "CANDY", "exact": True}


async def test_unknown_unit_is_a_422_naming_it(client: httpx.AsyncClient, commodity: dict[str, Any]) -> None:
    body = assert_problem(await _convert(client, commodity["id"], "1", "BALE", "POUND"), 422, "unknown-unit")
    assert "'POUND'" in body["detail"]
    assert error_fields(body) == {"to_unit"}
    body = assert_problem(await _convert(client, commodity["id"], "1", "TOLA", "KG"), 422, "unknown-unit")
    assert error_fields(body) == {"from_unit"}


async def test_conversion_input_errors(client: httpx.AsyncClient, commodity: dict[str, Any]) -> None:
    assert error_fields(assert_problem(await _convert(client, commodity["id"], 1.5, "BALE", "KG"), 422)) == {"quantity"}
    assert error_fields(assert_problem(await _convert(client, commodity["id"], "NaN", "BALE", "KG"), 422)) == {
        "quantity"
    }
    assert error_fields(assert_problem(await _convert(client, commodity["id"], "abc", "BALE", "KG"), 422)) == {
        "quantity"
    }
    assert_problem(await _convert(client, str(uuid.uuid4()), "1", "BALE", "KG"), 404, "commodity-not-found")


async def _check(client: httpx.AsyncClient, commodity_id: str, values: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(f"{URL}/{commodity_id}/quality-check", json={"values": values})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


GOOD = {"staple_length": "29", "micronaire": {"min": "3.8", "max": "4.2"}, "strength": 29, "trash": "2.5"}


async def test_values_inside_the_spec_pass(client: httpx.AsyncClient, commodity: dict[str, Any]) -> None:
    report = await _check(client, commodity["id"], {**GOOD, "colour_grade": "white"})
    assert report["passed"] is True
    assert {r["parameter"]: r["value"] for r in report["results"]} == {
        "staple_length": "29",
        "micronaire": "3.8-4.2",
        "strength": "29",
        "trash": "2.5",
        "colour_grade": "white",
    }


async def test_a_value_outside_its_spec_fails_naming_parameter_bound_and_value(
    client: httpx.AsyncClient, commodity: dict[str, Any]
) -> None:
    report = await _check(client, commodity["id"], {**GOOD, "trash": "7.2", "strength": "22"})
    assert report["passed"] is False
    failed = {r["parameter"]: r["reason"] for r in report["results"] if not r["passed"]}
    assert failed == {
        "trash": "trash 7.2 % is above the maximum 6 %",
        "strength": "strength 22 g/tex is below the minimum 24 g/tex",
    }


async def test_missing_mandatory_unknown_and_malformed_values_fail(
    client: httpx.AsyncClient, commodity: dict[str, Any]
) -> None:
    report = await _check(
        client, commodity["id"], {"staple_length": "long", "micronaire": "4", "grade": "A", "colour_grade": "pink"}
    )
    reasons = {r["parameter"]: r["reason"] for r in report["results"] if not r["passed"]}
    assert reasons["strength"] == "strength is mandatory and missing"
    assert "not a quality parameter" in reasons["grade"]
    assert "must be a number" in reasons["staple_length"]
    assert "not one of: white, light_spotted" in reasons["colour_grade"]


async def test_quality_check_input_errors(client: httpx.AsyncClient, commodity: dict[str, Any]) -> None:
    url = f"{URL}/{commodity['id']}/quality-check"
    assert_problem(await client.post(url, json={"values": {"strength": 29.5}}), 422, "request-validation-failed")
    assert_problem(await client.post(url, json={}), 422, "request-validation-failed")
    assert_problem(await client.post(f"{URL}/{uuid.uuid4()}/quality-check", json={"values": {}}), 404)
