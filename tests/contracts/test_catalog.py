"""The checked-in event catalogue (docs/events) is what the code generates."""

from __future__ import annotations

from pathlib import Path

import yaml

from backend.core.messaging.catalog import asyncapi_document, render_catalog

CATALOG = Path(__file__).resolve().parents[2] / "docs" / "events"


def test_the_catalogue_is_not_stale() -> None:
    stale = [
        relative
        for relative, content in render_catalog().items()
        if not (CATALOG / relative).exists() or (CATALOG / relative).read_text() != content
    ]
    assert not stale, f"docs/events is stale for {stale}; run: mandi events schema"


def test_no_schema_file_outlives_its_event() -> None:
    generated = set(render_catalog())
    on_disk = {p.relative_to(CATALOG).as_posix() for p in CATALOG.rglob("*") if p.is_file()}
    assert on_disk <= generated, f"remove {sorted(on_disk - generated)} or restore their events"


def test_asyncapi_names_every_event_as_a_channel_with_its_payload() -> None:
    document = yaml.safe_load((CATALOG / "asyncapi.yaml").read_text())
    assert document["asyncapi"] == "3.0.0"
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert {"commodities.commodity_created.v1", "identity.login_failed.v1", "trading.trade_confirmed.v1"} <= addresses
    message = document["components"]["messages"]["partners_partner_approved_v1"]
    assert message["payload"]["properties"]["payload"] == {"$ref": "#/components/schemas/partners_partner_approved_v1"}
    for operation in document["operations"].values():
        assert operation["action"] == "send"
    assert asyncapi_document()["channels"].keys() == document["channels"].keys()
