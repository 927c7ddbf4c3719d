"""Registering a commodity: every field is validated and every offending field is named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.modules.commodities.domain.commodity import Commodity, Variety
from backend.modules.commodities.domain.errors import InvalidCommodity
from backend.modules.commodities.domain.events import CommodityCreated
from backend.modules.commodities.infrastructure.seed_catalogue import CATALOGUE
from tests.fakes.commodity_definitions import cotton, numeric, units


def fields_of(error: InvalidCommodity) -> list[str]:
    return [field_error.field for field_error in error.errors]


def invalid_fields(**overrides: object) -> list[str]:
    with pytest.raises(InvalidCommodity) as invalid:
        Commodity.register(cotton(**overrides))
    return fields_of(invalid.value)


def test_register_builds_version_one_and_records_creation() -> None:
    commodity = Commodity.register(cotton(code="  cotton-mcx ", name="  Raw cotton  ", gst_rate=Decimal("5.00")))

    assert commodity.code == "COTTON-MCX"
    assert commodity.name == "Raw cotton"
    assert commodity.gst_rate == Decimal(5)
    assert str(commodity.gst_rate) == "5"
    assert commodity.base_unit == "KG"
    assert commodity.unit_table.codes == ["KG", "BALE", "CANDY", "QUINTAL"]
    assert [v.name for v in commodity.varieties] == ["Shankar-6", "DCH-32"]
    assert commodity.version == 1
    assert commodity.persisted_version == 0
    assert commodity.created_at == commodity.updated_at
    assert commodity.created_at.tzinfo is not None

    events = commodity.pull_events()
    assert len(events) == 1
    assert isinstance(events[0], CommodityCreated)
    assert (events[0].commodity_id, events[0].code, events[0].version) == (commodity.id, "COTTON-MCX", 1)
    assert not commodity.has_changes


def test_each_registration_gets_its_own_id() -> None:
    assert Commodity.register(cotton()).id != Commodity.register(cotton()).id


@pytest.mark.parametrize("definition", CATALOGUE, ids=lambda d: d.code)
def test_every_seeded_definition_registers(definition: object) -> None:
    commodity = Commodity.register(definition)  # type: ignore[arg-type]
    assert commodity.version == 1


@pytest.mark.parametrize("code", ["X", "1COTTON", "COT TON", "COTTON!", "C" * 33, "", "   ", "ÇOTTON"])
def test_bad_codes_are_refused(code: str) -> None:
    assert invalid_fields(code=code) == ["code"]


@pytest.mark.parametrize("code", ["CO", "COTTON_29MM", "GOLD-995", "C" * 32])
def test_good_codes_are_accepted(code: str) -> None:
    assert Commodity.register(cotton(code=code)).code == code


@pytest.mark.parametrize("hsn_code", ["5201", "520100", "52010000"])
def test_hsn_codes_have_4_6_or_8_digits(hsn_code: str) -> None:
    assert Commodity.register(cotton(hsn_code=hsn_code)).hsn_code == hsn_code


@pytest.mark.parametrize("hsn_code", ["520", "52010", "5201000", "520100000", "52O1", "", " 5201"])
def test_other_hsn_codes_are_refused(hsn_code: str) -> None:
    assert invalid_fields(hsn_code=hsn_code) == ["hsn_code"]


@pytest.mark.parametrize("hsn_code", ["5201\n", "\u0665\u0662\u0660\u0661"])
def test_hsn_codes_are_ascii_digits_only_with_nothing_after_them(hsn_code: str) -> None:
    # a trailing newline and Arabic-Indic digits both pass the HTTP schema's length check
    assert invalid_fields(hsn_code=hsn_code) == ["hsn_code"]


@pytest.mark.parametrize("rate", ["0", "5", "12.5", "0.25", "28", "100", "18.00"])
def test_gst_rates_between_0_and_100_are_accepted(rate: str) -> None:
    assert Commodity.register(cotton(gst_rate=Decimal(rate))).gst_rate == Decimal(rate)


@pytest.mark.parametrize("rate", ["-0.01", "100.01", "101", "NaN", "Infinity", "-Infinity"])
def test_gst_rates_outside_0_to_100_are_refused(rate: str) -> None:
    with pytest.raises(InvalidCommodity) as invalid:
        Commodity.register(cotton(gst_rate=Decimal(rate)))
    assert fields_of(invalid.value) == ["gst_rate"]
    assert "between 0 and 100" in invalid.value.errors[0].message


def test_gst_rates_have_at_most_two_decimals() -> None:
    with pytest.raises(InvalidCommodity) as invalid:
        Commodity.register(cotton(gst_rate=Decimal("12.125")))
    assert fields_of(invalid.value) == ["gst_rate"]
    assert "2 decimal places" in invalid.value.errors[0].message


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_names_have_1_to_120_characters(name: str) -> None:
    assert invalid_fields(name=name) == ["name"]


def test_a_name_of_120_characters_is_fine() -> None:
    assert Commodity.register(cotton(name="x" * 120)).name == "x" * 120


def test_varieties_are_unique_ignoring_case_and_spaces() -> None:
    with pytest.raises(InvalidCommodity) as invalid:
        Commodity.register(cotton(varieties=(Variety("Shankar-6"), Variety("DCH-32"), Variety(" shankar-6 "))))
    assert fields_of(invalid.value) == ["varieties.2.name"]
    assert "listed twice" in invalid.value.errors[0].message


def test_variety_names_are_not_blank() -> None:
    assert invalid_fields(varieties=(Variety("Shankar-6"), Variety("  "))) == ["varieties.1.name"]


def test_variety_names_are_stored_trimmed() -> None:
    commodity = Commodity.register(cotton(varieties=(Variety("  J-34 ", "long staple"),)))
    assert commodity.varieties == [Variety("J-34", "long staple")]


def test_every_invalid_field_is_reported_at_once() -> None:
    with pytest.raises(InvalidCommodity) as invalid:
        Commodity.register(
            cotton(
                code="x",
                name="",
                hsn_code="12",
                gst_rate=Decimal(200),
                units=units(("BALE", "0")),
                quality_parameters=(numeric("Moisture", None, "8"),),
                varieties=(Variety(""),),
            )
        )
    assert fields_of(invalid.value) == [
        "code",
        "name",
        "hsn_code",
        "gst_rate",
        "units.0.factor",
        "quality_parameters.0.name",
        "varieties.0.name",
    ]
    assert "code:" in invalid.value.detail
    assert "units.0.factor:" in invalid.value.detail
