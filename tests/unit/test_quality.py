"""Quality specifications and the check of measured values against them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.modules.commodities.domain.commodity import Commodity
from backend.modules.commodities.domain.quality import (
    MeasuredRange,
    ParameterKind,
    ParameterResult,
    QualityParameter,
    QualitySpec,
    QualityValue,
    describe_value,
    parse_measurement,
)
from tests.fakes.commodity_definitions import COTTON_PARAMETERS, band, cotton, grades, numeric

GOOD = {"staple_length": "29", "strength": "28.5", "moisture": "7", "colour_grade": "white"}


def check(**values: QualityValue) -> dict[str, ParameterResult]:
    report = QualitySpec(COTTON_PARAMETERS).check({**GOOD, **values}, "COTTON")
    return {result.parameter: result for result in report.results}


def reason(parameter: str, value: QualityValue) -> str:
    result = check(**{parameter: value})[parameter]
    assert not result.passed
    assert result.reason is not None
    return result.reason


def test_values_inside_the_spec_pass() -> None:
    report = QualitySpec(COTTON_PARAMETERS).check(GOOD, "COTTON")
    assert report.passed
    assert [r.parameter for r in report.results] == ["staple_length", "strength", "moisture", "colour_grade"]
    assert all(r.passed and r.reason is None for r in report.results)


def test_the_commodity_checks_against_its_own_spec() -> None:
    assert Commodity.register(cotton()).check_quality(GOOD).passed


@pytest.mark.parametrize("value", ["24", "24.0", Decimal(24), Decimal("1000")])
def test_numeric_minimum_is_inclusive(value: QualityValue) -> None:
    assert check(strength=value)["strength"].passed


@pytest.mark.parametrize("value", ["8.5", Decimal("0"), "-1"])
def test_numeric_maximum_is_inclusive(value: QualityValue) -> None:
    assert check(moisture=value)["moisture"].passed


def test_below_the_minimum_names_parameter_bound_and_value() -> None:
    text = reason("strength", "23.9")
    assert text == "strength 23.9 g/tex is below the minimum 24 g/tex"


def test_above_the_maximum_names_parameter_bound_and_value() -> None:
    text = reason("moisture", Decimal("8.50001"))
    assert text == "moisture 8.50001 % is above the maximum 8.5 %"


def test_numeric_parameter_refuses_a_range() -> None:
    assert "takes a single number" in reason("strength", "25-26")
    assert "takes a single number" in reason("strength", MeasuredRange(Decimal(25), Decimal(26)))


@pytest.mark.parametrize("value", ["", "abc", "12%", "1e3", "28..5", "28-", "- 5"])
def test_non_numeric_text_fails_with_a_clear_reason(value: str) -> None:
    text = reason("strength", value)
    assert text.startswith("strength must be a number or a range like 28.5-29.5")
    assert repr(value) in text


@pytest.mark.parametrize(
    "value", ["28-30", "28.5-29.5", " 29 - 29 ", "29", Decimal(28), MeasuredRange(Decimal("28"), Decimal("30"))]
)
def test_range_values_inside_the_band_pass(value: QualityValue) -> None:
    assert check(staple_length=value)["staple_length"].passed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("27.5-29", "staple_length 27.5-29 mm is below the minimum 28 mm"),
        (MeasuredRange(Decimal("29"), Decimal("30.5")), "staple_length 29-30.5 mm is above the maximum 30 mm"),
        ("31", "staple_length 31 mm is above the maximum 30 mm"),
        ("29.5-28.5", "staple_length range 29.5-28.5 has its low end above its high end"),
    ],
)
def test_range_values_outside_the_band_fail(value: QualityValue, expected: str) -> None:
    assert reason("staple_length", value) == expected


def test_enum_value_must_be_allowed() -> None:
    assert check(colour_grade="spotted")["colour_grade"].passed
    assert reason("colour_grade", "grey") == "colour_grade 'grey' is not one of: white, light_spotted, spotted"
    assert "not one of" in reason("colour_grade", "White")


def test_a_missing_mandatory_parameter_fails() -> None:
    values = {name: value for name, value in GOOD.items() if name != "moisture"}
    report = QualitySpec(COTTON_PARAMETERS).check(values, "COTTON")
    assert not report.passed
    missing = next(r for r in report.results if r.parameter == "moisture")
    assert (missing.value, missing.passed, missing.reason) == (None, False, "moisture is mandatory and missing")


def test_a_missing_optional_parameter_is_not_judged() -> None:
    values = {name: value for name, value in GOOD.items() if name != "colour_grade"}
    report = QualitySpec(COTTON_PARAMETERS).check(values, "COTTON")
    assert report.passed
    assert "colour_grade" not in [r.parameter for r in report.results]


def test_unknown_parameters_fail() -> None:
    report = QualitySpec(COTTON_PARAMETERS).check({**GOOD, "zinc": "1", "lustre": "high"}, "COTTON")
    assert not report.passed
    unknown = [r for r in report.results if not r.passed]
    assert [(r.parameter, r.value) for r in unknown] == [("lustre", "high"), ("zinc", "1")]
    assert unknown[0].reason == "lustre is not a quality parameter of COTTON"


def test_parse_measurement() -> None:
    assert parse_measurement(" 28.50 ") == Decimal("28.50")
    assert parse_measurement("-3") == Decimal(-3)
    assert parse_measurement("28-29.5") == MeasuredRange(Decimal(28), Decimal("29.5"))
    assert parse_measurement("twenty") is None


def test_describe_value() -> None:
    assert describe_value(None) is None
    assert describe_value(Decimal("28.50")) == "28.5"
    assert describe_value(MeasuredRange(Decimal("28.0"), Decimal("29.50"))) == "28-29.5"
    assert describe_value("white") == "white"


def spec_fields(*parameters: QualityParameter) -> list[str]:
    return [error.field for error in QualitySpec(parameters).errors()]


def test_a_valid_spec_has_no_errors() -> None:
    assert spec_fields(*COTTON_PARAMETERS) == []


@pytest.mark.parametrize(("low", "high"), [(None, "30"), ("28", None), (None, None)])
def test_a_range_needs_both_bounds(low: str | None, high: str | None) -> None:
    assert spec_fields(band("staple_length", low, high)) == ["quality_parameters.0.min"]


def test_a_numeric_parameter_needs_at_least_one_bound() -> None:
    assert spec_fields(numeric("moisture")) == ["quality_parameters.0.min"]


@pytest.mark.parametrize("parameter", [band("staple_length", "30", "28"), numeric("moisture", "9", "8")])
def test_min_above_max_is_refused(parameter: QualityParameter) -> None:
    [error] = QualitySpec((parameter,)).errors()
    assert error.field == "quality_parameters.0.max"
    assert "is below min" in error.message


def test_an_enum_needs_allowed_values() -> None:
    assert spec_fields(grades("colour_grade")) == ["quality_parameters.0.allowed_values"]


def test_an_enum_lists_each_value_once_and_takes_no_bounds() -> None:
    parameter = QualityParameter("grade", None, ParameterKind.ENUM, Decimal(1), None, ("A", "A"), False)
    assert spec_fields(parameter) == ["quality_parameters.0.allowed_values", "quality_parameters.0.min"]


def test_numbers_take_no_allowed_values() -> None:
    parameter = QualityParameter("moisture", "%", ParameterKind.NUMERIC, None, Decimal(8), ("low",), True)
    assert spec_fields(parameter) == ["quality_parameters.0.allowed_values"]


def test_duplicate_parameter_names_are_refused() -> None:
    assert spec_fields(numeric("moisture", None, "8"), band("staple_length", "28", "30"), numeric("moisture", "1")) == [
        "quality_parameters.2.name"
    ]


@pytest.mark.parametrize("name", ["Moisture", "1st", "staple-length", "", "a" * 65, "moisture\n"])
def test_parameter_names_are_snake_case(name: str) -> None:
    assert spec_fields(numeric(name, None, "8")) == ["quality_parameters.0.name"]
