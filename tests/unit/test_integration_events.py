"""Integration events: wire names, the registry, and the stored form round trip."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import ClassVar

import pytest
from pydantic import ValidationError

from backend.contracts.commodities.events import CommodityCreatedV1, CommodityUpdatedV1, UnitFactorV1
from backend.core.messaging.events import IntegrationEvent, decode_event, event_type, registered_events


def created_event() -> CommodityCreatedV1:
    return CommodityCreatedV1(
        commodity_id=uuid.uuid4(),
        code="COTTON",
        name="Raw cotton",
        category="fibre",
        hsn_code="5201",
        gst_rate=Decimal("5"),
        base_unit="KG",
        units=(UnitFactorV1(code="KG", factor=Decimal(1)), UnitFactorV1(code="CANDY", factor=Decimal("355.56"))),
        varieties=("Shankar-6",),
        active=True,
        version=1,
    )


@pytest.mark.parametrize(
    "name",
    [
        "commodities.commodity_created",  # no version
        "commodities.commodity_created.v0",
        "commodities.commodity_created.V1",
        "Commodities.commodity_created.v1",
        "commodities.commodity-created.v1",
        "commodity_created.v1",
        "a.b.c.v1",
        "",
    ],
)
def test_a_malformed_wire_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="must look like"):

        class Bad(IntegrationEvent):
            wire_name: ClassVar[str] = name


def test_a_wire_name_cannot_be_taken_by_another_class() -> None:
    with pytest.raises(ValueError, match=r"already used by .*CommodityCreatedV1"):

        class Impostor(IntegrationEvent):
            wire_name: ClassVar[str] = "commodities.commodity_created.v1"

    assert event_type("commodities.commodity_created.v1") is CommodityCreatedV1


def test_the_registry_finds_published_events_by_wire_name() -> None:
    assert event_type("commodities.commodity_created.v1") is CommodityCreatedV1
    assert event_type("commodities.commodity_updated.v1") is CommodityUpdatedV1
    assert {"commodities.commodity_created.v1", "commodities.commodity_updated.v1"} <= set(registered_events())
    with pytest.raises(KeyError):
        event_type("commodities.never_happened.v1")


def test_event_metadata() -> None:
    event = created_event()
    assert event.aggregate_type == "commodity"
    assert event.aggregate_id == str(event.commodity_id)
    assert event.schema_version == 1
    assert event.occurred_at.tzinfo is not None


def test_events_are_immutable_and_read_tolerantly() -> None:
    event = created_event()
    with pytest.raises(ValidationError):
        event.code = "SUGAR"  # type: ignore[misc]
    # a field added by a newer producer does not break a consumer on this version
    assert CommodityCreatedV1.model_validate({**event.model_dump(), "colour": "white"}) == event


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValidationError):
        CommodityCreatedV1.model_validate({**created_event().model_dump(), "occurred_at": datetime(2025, 1, 1)})


def test_decode_event_round_trips_the_stored_form() -> None:
    event = created_event()
    payload = event.model_dump(mode="json", exclude={"event_id", "occurred_at"})

    # decimals travel as exact strings, never as JSON floats
    assert payload["gst_rate"] == "5"
    assert payload["units"][1] == {"code": "CANDY", "factor": "355.56"}

    decoded = decode_event(event.wire_name, event.event_id, event.occurred_at, payload)
    assert isinstance(decoded, CommodityCreatedV1)
    assert decoded == event
    assert decoded.units[1].factor == Decimal("355.56")


def test_decode_event_of_an_unknown_wire_name_raises_key_error() -> None:
    with pytest.raises(KeyError):
        decode_event("commodities.never_happened.v1", uuid.uuid4(), datetime.now(UTC), {})
