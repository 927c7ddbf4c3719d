from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.core.currencies import MINOR_UNITS
from backend.modules.trading.domain.errors import InvalidTradingInput
from backend.modules.trading.domain.money import (
    UnitPrice,
    line_amount,
    minor_units,
    round_half_up,
    round_money,
)
from backend.modules.trading.domain.quantities import Quantity, UnitTable
from tests.unit.trading.builders import UNITS

D = Decimal


def test_to_base_is_exact() -> None:
    assert UNITS.to_base(Quantity(D("100"), "BALE")) == D("17000")
    assert UNITS.to_base(Quantity(D("1.5"), "candy")) == D("533.4333")
    assert UNITS.to_base(Quantity(D("250"), " kg ")) == D("250")


def test_from_base_reports_inexact_conversions() -> None:
    assert UNITS.from_base(D("340"), "BALE") == (D("2"), True)
    value, exact = UNITS.from_base(D("1"), "CANDY")
    assert not exact
    assert value == D("0.002811972931")


def test_unknown_unit_names_the_field_and_the_known_units() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        UNITS.to_base(Quantity(D("1"), "TONNE"))
    assert raised.value.errors[0].field == "unit"
    assert "KG, BALE, CANDY, QTL" in raised.value.errors[0].message
    with pytest.raises(InvalidTradingInput) as raised:
        UNITS.to_base(Quantity(D("1"), "TONNE"), "minimum_order")
    assert raised.value.errors[0].field == "minimum_order_unit"


def test_unsupported_quantities_are_refused() -> None:
    with pytest.raises(InvalidTradingInput):
        UNITS.to_base(Quantity(D("NaN"), "KG"))
    with pytest.raises(InvalidTradingInput):
        UNITS.to_base(Quantity(D("1E+40"), "KG"))


def test_base_unit_factor_is_one() -> None:
    assert UnitTable("KG").factor_of("kg") == 1


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (D("10.005"), "INR", D("10.01")),
        (D("10.004999"), "INR", D("10.00")),
        (D("-10.005"), "INR", D("-10.01")),
        (D("1234.5"), "JPY", D("1235")),
        (D("1234.4999"), "JPY", D("1234")),
        (D("1.0005"), "KWD", D("1.001")),
        (D("7"), "INR", D("7.00")),
    ],
)
def test_round_money_half_up_to_minor_units(value: Decimal, currency: str, expected: Decimal) -> None:
    rounded = round_money(value, currency)
    assert rounded == expected
    assert str(rounded) == str(expected)


def test_round_money_of_a_non_terminating_fraction() -> None:
    assert round_money(Fraction(2, 3), "INR") == D("0.67")
    assert round_money(Fraction(1, 200), "INR") == D("0.01")  # exactly half a paisa rounds up


def test_unknown_currency_is_refused() -> None:
    assert minor_units("JPY") == 0
    with pytest.raises(InvalidTradingInput) as raised:
        minor_units("XYZ")
    assert raised.value.errors[0].field == "currency"


def test_unit_prices_compare_across_units() -> None:
    per_candy = UnitPrice(D("60000"), "INR", "CANDY", D("355.6222"))
    per_kg = UnitPrice(D("168.72"), "INR", "KG", D("1"))
    assert per_candy.per_base_unit < per_kg.per_base_unit  # 60000 / 355.6222 = 168.7183...
    assert per_candy.per_base_unit > UnitPrice(D("168.71"), "INR", "KG", D("1")).per_base_unit
    assert per_kg.in_unit_of(per_candy) == Fraction(D("168.72")) * Fraction(D("355.6222"))


def test_line_amount_rounds_once() -> None:
    price = UnitPrice(D("60000"), "INR", "CANDY", D("355.6222"))
    # 17000 KG / 355.6222 KG per candy * 60000 = 2,868,212.3894...
    assert line_amount(D("17000"), price) == D("2868212.39")
    yen = UnitPrice(D("333"), "JPY", "KG", D("1"))
    assert line_amount(D("1.5"), yen) == D("500")


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=6),
    st.sampled_from(sorted(MINOR_UNITS)),
)
def test_rounding_never_moves_more_than_half_a_minor_unit(value: Decimal, currency: str) -> None:
    places = MINOR_UNITS[currency]
    rounded = round_money(value, currency)
    assert abs(rounded - value) <= D(1).scaleb(-places) / 2
    assert rounded.as_tuple().exponent == -places


@given(st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**6), st.integers(0, 4))
def test_round_half_up_is_the_nearest_with_halves_away_from_zero(value: Fraction, places: int) -> None:
    rounded = Fraction(round_half_up(value, places))
    step = Fraction(1, 10**places)
    assert abs(rounded - value) <= step / 2
    if abs(rounded - value) == step / 2:
        assert abs(rounded) > abs(value)


@given(st.integers(1, 10**7), st.integers(1, 10**6))
def test_bales_convert_exactly_both_ways(bales: int, hundredths: int) -> None:
    quantity = Decimal(bales) + Decimal(hundredths) / 100
    base = UNITS.to_base(Quantity(quantity, "BALE"))
    assert base == quantity * 170
    back, exact = UNITS.from_base(base, "BALE")
    assert exact
    assert back == quantity
