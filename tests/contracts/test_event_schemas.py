"""Every published event's schema is pinned; only additive changes pass without a new version."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.contracts.schemas import breaking_changes, published_schemas, snapshot_path

SCHEMAS = published_schemas()
NEW_VERSION = (
    "this breaks consumers of the published event: publish a new version (a new class with wire name "
    "'...v{N+1}') and keep the old one, or make the change additive (new optional fields only)"
)


@pytest.mark.parametrize("wire_name", sorted(SCHEMAS))
def test_schema_is_compatible_with_its_snapshot(wire_name: str) -> None:
    path = snapshot_path(wire_name)
    assert path.exists(), f"no snapshot for {wire_name}; run: python -m tests.contracts.schemas"
    problems = breaking_changes(json.loads(path.read_text()), SCHEMAS[wire_name])
    assert not problems, f"{wire_name}: {'; '.join(problems)}. {NEW_VERSION}"


def test_every_snapshot_still_has_its_event() -> None:
    pinned = {p.stem for p in snapshot_path("x").parent.glob("*.json")}
    assert pinned <= set(SCHEMAS), f"events no longer published: {sorted(pinned - set(SCHEMAS))}"


def _sample() -> dict[str, Any]:
    return copy.deepcopy(SCHEMAS["commodities.commodity_created.v1"])


def test_adding_an_optional_field_passes() -> None:
    current = _sample()
    current["properties"]["origin_country"] = {"type": "string"}
    assert breaking_changes(_sample(), current) == []


def test_removing_retyping_or_requiring_fields_fails() -> None:
    current = _sample()
    del current["properties"]["name"]
    current["properties"]["version"] = {"type": "string"}
    current["properties"]["origin_country"] = {"type": "string"}
    current["required"] = [*current["required"], "origin_country"]
    assert breaking_changes(_sample(), current) == [
        "field 'name' was removed",
        'field \'version\' changed type from {"type": "integer"} to {"type": "string"}',
        "new field 'origin_country' is required",
    ]
