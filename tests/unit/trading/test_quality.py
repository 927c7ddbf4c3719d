from __future__ import annotations

from decimal import Decimal

import pytest

from backend.modules.trading.domain.quality import (
    InvalidQuality,
    QualityRange,
    ValueRange,
    check_offered,
    quality_range_errors,
)
from tests.unit.trading.builders import QUALITY, SPEC

D = Decimal


def test_valid_values_pass_and_numbers_are_parsed() -> None:
    checked = check_offered(SPEC, {**QUALITY, "staple_length": "28-29.5", "micronaire": " 4.1 "})
    assert checked["staple_length"] == ValueRange(D("28"), D("29.5"))
    assert checked["micronaire"] == D("4.1")
    assert checked["grade"] == "A"


def violations(values: dict[str, object]) -> list[tuple[str, str, str | None, str | None]]:
    with pytest.raises(InvalidQuality) as raised:
        check_offered(SPEC, values)  # type: ignore[arg-type]
    assert raised.value.extra["violations"]
    return [(v.parameter, v.bound, v.limit, v.value) for v in raised.value.violations]


def test_a_missing_mandatory_parameter_is_named() -> None:
    assert violations({"staple_length": D("29")}) == [("micronaire", "mandatory", None, None)]


def test_values_outside_bounds_name_parameter_bound_and_value() -> None:
    found = violations({**QUALITY, "micronaire": D("6.1"), "staple_length": D("19.99")})
    assert found == [("staple_length", "min", "20", "19.99"), ("micronaire", "max", "6", "6.1")]


def test_the_error_message_and_field_say_it_too() -> None:
    with pytest.raises(InvalidQuality) as raised:
        check_offered(SPEC, {**QUALITY, "trash": D("12")})
    error = raised.value.errors[0]
    assert error.field == "quality.trash"
    assert error.message == "trash 12 % is above the maximum 10 %"
    assert raised.value.extra == {"violations": [{"parameter": "trash", "bound": "max", "limit": "10", "value": "12"}]}


def test_bounds_are_inclusive() -> None:
    check_offered(SPEC, {**QUALITY, "micronaire": D("2.5"), "staple_length": D("40")})


def test_grades_ranges_and_unknown_parameters() -> None:
    assert violations({**QUALITY, "grade": "Z"}) == [("grade", "allowed_values", "A, B, C", "Z")]
    assert violations({**QUALITY, "micronaire": ValueRange(D("4"), D("4.2"))}) == [
        ("micronaire", "kind", None, "4-4.2")
    ]
    assert violations({**QUALITY, "staple_length": ValueRange(D("30"), D("29"))}) == [
        ("staple_length", "kind", None, "30-29")
    ]
    assert violations({**QUALITY, "staple_length": "long"}) == [("staple_length", "kind", None, "long")]
    assert violations({**QUALITY, "staple_length": "35-41"}) == [("staple_length", "max", "40", "35-41")]
    assert violations({**QUALITY, "colour": "white"}) == [("colour", "unknown", None, "white")]


def test_every_violation_is_reported_at_once() -> None:
    found = violations({"grade": "Z", "colour": "white"})
    assert [bound for _, bound, _, _ in found] == ["mandatory", "mandatory", "allowed_values", "unknown"]


@pytest.mark.parametrize(
    ("rng", "field", "fragment"),
    [
        (QualityRange("micronaire"), "quality.micronaire", "needs a min, a max or both"),
        (QualityRange("micronaire", D("5"), D("4")), "quality.micronaire.max", "below min"),
        (QualityRange("micronaire", D("3"), D("4"), D("5")), "quality.micronaire.preferred", "outside"),
        (QualityRange("micronaire", D("3"), preferred="x"), "quality.micronaire.preferred", "must be a number"),
        (QualityRange("micronaire", D("3"), accepted=("A",)), "quality.micronaire.accepted", "is measured"),
        (QualityRange("grade"), "quality.grade.accepted", "at least one"),
        (QualityRange("grade", D("1"), accepted=("A",)), "quality.grade", "not min or max"),
        (QualityRange("grade", accepted=("A", "Q")), "quality.grade.accepted", "no grade Q"),
        (QualityRange("grade", accepted=("A",), preferred="B"), "quality.grade.preferred", "accepted label"),
        (QualityRange("colour", D("1")), "quality.colour", "not a quality parameter"),
    ],
)
def test_requirement_ranges_are_validated(rng: QualityRange, field: str, fragment: str) -> None:
    errors = quality_range_errors([rng], SPEC)
    assert [e.field for e in errors] == [field]
    assert fragment in errors[0].message


def test_valid_requirement_ranges_and_duplicates() -> None:
    good = [
        QualityRange("micronaire", D("3.5"), None, D("4")),
        QualityRange("grade", accepted=("A", "B"), preferred="A"),
    ]
    assert quality_range_errors(good, SPEC) == []
    errors = quality_range_errors([good[0], good[0]], SPEC)
    assert [e.message for e in errors] == ["micronaire is listed twice"]
