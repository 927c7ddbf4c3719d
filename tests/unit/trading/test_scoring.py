from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.quality import QualityRange, ValueRange
from backend.modules.trading.domain.scoring import (
    DEFAULT_CONFIG,
    Component,
    MatchingConfig,
    combine,
    config_for,
    delivery_component,
    parameter_score,
    price_component,
    quality_component,
    risk_component,
)

D = Decimal
STAPLE = QualityRange("staple_length", D("28"), D("30"), D("29"))  # half-width 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("29"), D("1")),  # at the preferred value
        (D("29.5"), D("0.75")),  # half a half-width away
        (D("28.5"), D("0.75")),
        (D("30"), D("0.5")),  # a full half-width away: the whole 0.5 is lost
        (D("28"), D("0.5")),
        (D("30.01"), D("0")),  # outside
        (D("27.99"), D("0")),
        (ValueRange(D("28.5"), D("29.5")), D("1")),  # a measured range counts by its midpoint
        (ValueRange(D("29.5"), D("30.5")), D("0")),  # and must lie inside entirely
        ("29.5", D("0.75")),
        ("long", D("0")),
        (None, D("0")),
    ],
)
def test_numeric_parameter_scores(value: Decimal | ValueRange | str | None, expected: Decimal) -> None:
    assert parameter_score(STAPLE, value)[0] == expected


def test_distance_beyond_a_half_width_still_costs_only_half() -> None:
    edge = QualityRange("micronaire", D("3"), D("5"), D("5"))  # preferred at the edge, half-width 1
    assert parameter_score(edge, D("3"))[0] == D("0.5")
    assert parameter_score(edge, D("4.5"))[0] == D("0.75")


def test_without_preference_anything_inside_scores_one() -> None:
    assert parameter_score(QualityRange("micronaire", D("3"), D("5")), D("3"))[0] == 1


def test_one_sided_ranges_use_the_distance_to_their_bound() -> None:
    at_least = QualityRange("staple_length", D("28"), None, D("30"))  # half-width 2
    assert parameter_score(at_least, D("31"))[0] == D("0.75")
    assert parameter_score(at_least, D("40"))[0] == D("0.5")
    assert parameter_score(at_least, D("27"))[0] == 0
    at_most = QualityRange("trash", None, D("4"), D("4"))  # preferred on the bound: half-width 0
    assert parameter_score(at_most, D("4"))[0] == 1
    assert parameter_score(at_most, D("3.9"))[0] == D("0.5")


def test_graded_parameters() -> None:
    grade = QualityRange("grade", accepted=("A", "B"), preferred="A")
    assert parameter_score(grade, "A")[0] == 1
    assert parameter_score(grade, "B")[0] == D("0.5")
    assert parameter_score(grade, "C")[0] == 0
    assert parameter_score(QualityRange("grade", accepted=("A", "B")), "B")[0] == 1


def test_quality_component_is_the_mean_with_reasons() -> None:
    ranges = (STAPLE, QualityRange("micronaire", D("3.5"), D("4.9"), D("4.2")))
    component = quality_component(ranges, {"staple_length": D("29.5")})
    assert component.score == D("0.375")
    assert component.reasons == (
        "quality staple_length: 0.75 (inside the range, 0.5 from the preferred value)",
        "quality micronaire: 0 (not stated by the seller)",
    )
    assert quality_component((), {}).score == 1


def test_quality_component_rounds_to_four_places() -> None:
    ranges = (STAPLE, STAPLE, QualityRange("x", D("0"), D("3"), D("0")))
    # 1, 1 and 1 - 0.5 * (1 / 1.5) = 2/3 -> mean 0.8888...
    component = quality_component(ranges, {"staple_length": D("29"), "x": D("1")})
    assert component.score == D("0.8889")


TARGET = Fraction(60000)


@pytest.mark.parametrize(
    ("offered", "expected"),
    [
        ("60000", "1"),
        ("50000", "1"),  # below the target is never worse for the buyer
        ("60000.01", "0.95"),
        ("61200", "0.95"),  # exactly 2% above
        ("61200.01", "0.85"),
        ("63000", "0.85"),  # exactly 5%
        ("63000.01", "0.70"),
        ("66000", "0.70"),  # exactly 10%
        ("66000.01", "0.60"),
        ("90000", "0.60"),
    ],
)
def test_price_bands_and_their_boundaries(offered: str, expected: str) -> None:
    component = price_component(Fraction(D(offered)), TARGET, DEFAULT_CONFIG, "60000 INR/CANDY")
    assert component.score == D(expected)


def test_price_reasons_say_how_far_above() -> None:
    component = price_component(Fraction(61500), TARGET, DEFAULT_CONFIG, "60000 INR/CANDY")
    assert component.reasons == ("price: 2.5% above the target 60000 INR/CANDY, within 5%",)
    assert price_component(TARGET, TARGET, DEFAULT_CONFIG, "x").reasons == ("price: at or below the target x",)


@pytest.mark.parametrize(
    ("distance", "maximum", "expected"),
    [("0", "300", "1"), ("150", "300", "0.75"), ("300", "300", "0.5"), ("100", "300", "0.8333"), ("0", "0", "1")],
)
def test_delivery_falls_linearly_to_half_at_the_maximum(distance: str, maximum: str, expected: str) -> None:
    assert delivery_component(D(distance), D(maximum)).score == D(expected)


def test_risk_components() -> None:
    assert risk_component(RiskVerdict.PASS, DEFAULT_CONFIG).score == 1
    assert risk_component(RiskVerdict.WARN, DEFAULT_CONFIG).score == D("0.5")
    assert risk_component(RiskVerdict.WARN, DEFAULT_CONFIG).reasons == ("risk: warning, the total loses 10%",)
    with pytest.raises(ValueError, match="hard filter"):
        risk_component(RiskVerdict.FAIL, DEFAULT_CONFIG)


def one(score: str) -> Component:
    return Component(D(score), (f"c {score}",))


def test_combine_weights_the_components() -> None:
    score = combine(one("1"), one("1"), one("1"), one("1"), RiskVerdict.PASS, DEFAULT_CONFIG)
    assert score.total == 1
    score = combine(one("0.5"), one("0.85"), one("0.75"), one("1"), RiskVerdict.PASS, DEFAULT_CONFIG)
    # 0.4 * 0.5 + 0.3 * 0.85 + 0.15 * 0.75 + 0.15 * 1 = 0.7175
    assert score.total == D("0.7175")
    assert score.reasons == ("c 0.5", "c 0.85", "c 0.75", "c 1")


def test_a_warning_halves_the_risk_component_and_takes_ten_percent_off() -> None:
    score = combine(one("1"), one("1"), one("1"), one("0.5"), RiskVerdict.WARN, DEFAULT_CONFIG)
    # (0.85 + 0.15 * 0.5) * 0.9 = 0.8325
    assert score.total == D("0.8325")
    assert score.risk == D("0.5")


def test_config_validation() -> None:
    assert DEFAULT_CONFIG.errors() == []
    assert [e.field for e in replace(DEFAULT_CONFIG, quality_weight=D("0.5")).errors()] == ["weights"]
    assert [e.field for e in replace(DEFAULT_CONFIG, minimum_score=D("1.1")).errors()] == ["minimum_score"]
    bands = ((D("0.05"), D("0.9")), (D("0.02"), D("0.95")))
    assert [e.field for e in replace(DEFAULT_CONFIG, price_bands=bands).errors()] == ["price_bands"]


def test_cotton_defaults_and_per_commodity_configs() -> None:
    cotton = config_for("cotton")
    assert (cotton.quality_weight, cotton.price_weight, cotton.delivery_weight, cotton.risk_weight) == (
        D("0.40"),
        D("0.30"),
        D("0.15"),
        D("0.15"),
    )
    assert cotton.minimum_score == D("0.60")
    assert cotton.min_share_of_preferred == D("0.10")
    wheat = MatchingConfig(quality_weight=D("0.2"), price_weight=D("0.5"), minimum_score=D("0.7"))
    assert config_for("WHEAT", {"WHEAT": wheat}) is wheat
    assert config_for("RICE", {"WHEAT": wheat}) is DEFAULT_CONFIG
