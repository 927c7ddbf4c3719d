"""Revising a commodity and adding varieties: what changed, the version, the recorded events."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.modules.commodities.domain.commodity import (
    Commodity,
    CommodityCategory,
    CommodityChanges,
    Variety,
)
from backend.modules.commodities.domain.errors import CommodityInactive, DuplicateVariety, InvalidCommodity
from backend.modules.commodities.domain.events import CommodityUpdated
from backend.modules.commodities.domain.quality import QualitySpec
from tests.fakes.commodity_definitions import COTTON_PARAMETERS, cotton, numeric, units


def stored() -> Commodity:
    """A registered commodity as a repository hands it out: persisted at version 1, no pending events."""
    commodity = Commodity.register(cotton())
    commodity.pull_events()
    commodity.persisted_version = commodity.version
    return commodity


def updates(commodity: Commodity) -> list[CommodityUpdated]:
    events = commodity.pull_events()
    assert all(isinstance(event, CommodityUpdated) for event in events)
    return events  # type: ignore[return-value]


def test_revise_lists_only_the_fields_that_changed() -> None:
    commodity = stored()
    before = commodity.updated_at

    changed = commodity.revise(
        CommodityChanges(
            name="Raw cotton",  # unchanged
            gst_rate=Decimal("12.00"),
            hsn_code="5201",  # unchanged
            category=CommodityCategory.OTHER,
        )
    )

    assert changed == ("category", "gst_rate")
    assert commodity.gst_rate == Decimal(12)
    assert commodity.category is CommodityCategory.OTHER
    assert commodity.version == 2
    assert commodity.updated_at >= before
    [event] = updates(commodity)
    assert (event.changed_fields, event.version, event.code) == (("category", "gst_rate"), 2, "COTTON")


def test_units_and_quality_parameters_use_their_public_names() -> None:
    commodity = stored()
    changed = commodity.revise(
        CommodityChanges(
            units=units(("BALE", "170"), ("MT", "1000")),
            quality_parameters=(*COTTON_PARAMETERS, numeric("trash", None, "6")),
        )
    )
    assert changed == ("units", "quality_parameters")
    assert commodity.unit_table.codes == ["KG", "BALE", "MT"]
    assert commodity.quality.parameters[-1].name == "trash"


def test_a_no_op_revise_returns_nothing_and_records_nothing() -> None:
    commodity = stored()
    changed = commodity.revise(
        CommodityChanges(
            name=" Raw cotton ",
            gst_rate=Decimal("5.00"),
            units=units(("BALE", "170.0"), ("CANDY", "355.560"), ("QUINTAL", "100")),
            quality_parameters=COTTON_PARAMETERS,
            active=True,
        )
    )
    assert changed == ()
    assert commodity.version == 1
    assert not commodity.has_changes


def test_an_empty_change_set_is_a_no_op() -> None:
    commodity = stored()
    assert commodity.revise(CommodityChanges()) == ()
    assert commodity.version == 1


def test_the_version_steps_once_per_unit_of_work() -> None:
    commodity = stored()
    commodity.revise(CommodityChanges(name="Cotton lint"))
    commodity.revise(CommodityChanges(gst_rate=Decimal(12)))
    commodity.add_variety(Variety("Bunny"))

    assert commodity.version == 2
    assert [(e.changed_fields, e.version) for e in updates(commodity)] == [
        (("name",), 2),
        (("gst_rate",), 2),
        (("varieties",), 2),
    ]

    commodity.persisted_version = commodity.version  # the repository saved it
    commodity.revise(CommodityChanges(name="Cotton"))
    assert commodity.version == 3


def test_deactivating_is_a_change() -> None:
    commodity = stored()
    assert commodity.revise(CommodityChanges(active=False)) == ("active",)
    assert commodity.active is False


def test_an_invalid_revision_changes_nothing() -> None:
    commodity = stored()
    with pytest.raises(InvalidCommodity) as invalid:
        commodity.revise(CommodityChanges(name="Cotton lint", gst_rate=Decimal(101), units=units(("BALE", "-1"))))
    assert [e.field for e in invalid.value.errors] == ["gst_rate", "units.0.factor"]
    assert commodity.name == "Raw cotton"
    assert commodity.version == 1
    assert not commodity.has_changes


def test_revise_validates_quality_parameters() -> None:
    commodity = stored()
    with pytest.raises(InvalidCommodity) as invalid:
        commodity.revise(CommodityChanges(quality_parameters=(numeric("moisture"),)))
    assert [e.field for e in invalid.value.errors] == ["quality_parameters.0.min"]
    assert commodity.quality == QualitySpec(COTTON_PARAMETERS)


def test_revise_cannot_smuggle_a_new_factor_for_the_base_unit() -> None:
    commodity = stored()
    with pytest.raises(InvalidCommodity) as invalid:
        commodity.revise(CommodityChanges(units=units(("KG", "2"))))
    assert [e.field for e in invalid.value.errors] == ["units.0.factor"]


def test_add_variety() -> None:
    commodity = stored()
    commodity.add_variety(Variety("  Bunny ", "Andhra long staple"))

    assert commodity.varieties[-1] == Variety("Bunny", "Andhra long staple")
    assert commodity.version == 2
    [event] = updates(commodity)
    assert event.changed_fields == ("varieties",)


@pytest.mark.parametrize("name", ["Shankar-6", "SHANKAR-6", " shankar-6 "])
def test_add_variety_refuses_a_duplicate_ignoring_case(name: str) -> None:
    commodity = stored()
    with pytest.raises(DuplicateVariety):
        commodity.add_variety(Variety(name))
    assert len(commodity.varieties) == 2
    assert commodity.version == 1
    assert not commodity.has_changes


def test_add_variety_refuses_a_blank_name() -> None:
    commodity = stored()
    with pytest.raises(InvalidCommodity) as invalid:
        commodity.add_variety(Variety("  "))
    assert [e.field for e in invalid.value.errors] == ["name"]


def test_an_inactive_commodity_gets_no_new_varieties() -> None:
    commodity = stored()
    commodity.revise(CommodityChanges(active=False))
    commodity.pull_events()
    with pytest.raises(CommodityInactive, match="COTTON is deactivated"):
        commodity.add_variety(Variety("Bunny"))
    assert not commodity.has_changes
