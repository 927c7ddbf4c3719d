"""JSON Schemas of the published events, and the rule for changing one without a new version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backend.core.messaging.catalog import event_schemas

SNAPSHOTS = Path(__file__).parent / "snapshots"


def published_schemas() -> dict[str, dict[str, Any]]:
    return event_schemas()


def snapshot_path(wire_name: str) -> Path:
    return SNAPSHOTS / f"{wire_name}.json"


def breaking_changes(pinned: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What a consumer of ``pinned`` would trip over in ``current``; adding optional fields is fine."""
    problems: list[str] = []
    pinned_fields, current_fields = pinned.get("properties", {}), current.get("properties", {})
    for name, spec in pinned_fields.items():
        if name not in current_fields:
            problems.append(f"field {name!r} was removed")
            continue
        was, now = _shape(spec, pinned), _shape(current_fields[name], current)
        if was != now:
            problems.append(f"field {name!r} changed type from {json.dumps(was)} to {json.dumps(now)}")
    for name in sorted(set(current.get("required", [])) - set(pinned.get("required", []))):
        problems.append(
            f"field {name!r} became required" if name in pinned_fields else f"new field {name!r} is required"
        )
    return problems


def _shape(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The type of a field with ``$ref``s resolved and titles and descriptions dropped."""
    if isinstance(spec, dict):
        if "$ref" in spec:
            return _shape(schema["$defs"][spec["$ref"].rsplit("/", 1)[1]], schema)
        return {k: _shape(v, schema) for k, v in spec.items() if k not in {"title", "description", "default"}}
    if isinstance(spec, list):
        return [_shape(item, schema) for item in spec]
    return spec


def write_snapshots() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for wire_name, schema in published_schemas().items():
        snapshot_path(wire_name).write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    write_snapshots()
