"""Exact rational conversion: terminating results are exact, only non-terminating ones are rounded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backend.core.decimal_math import INEXACT_SCALE, canonical, fraction_to_decimal, scale_exactly
from tests.unit.exactness import assert_plain, terminates

# any sign, up to 8 decimal places, up to 10^15 in size
decimals = st.integers(min_value=0, max_value=8).flatmap(
    lambda places: st.decimals(
        min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=places, allow_nan=False, allow_infinity=False
    )
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("170.000", "170"),
        ("170", "170"),
        ("1E+2", "100"),
        ("355.5600", "355.56"),
        ("-0.50", "-0.5"),
        ("0.000", "0"),
        ("0.0001", "0.0001"),
    ],
)
def test_canonical_drops_trailing_zeros(value: str, text: str) -> None:
    assert str(canonical(Decimal(value))) == text


def test_canonical_handles_integers_wider_than_the_context_precision() -> None:
    assert canonical(Decimal("1E+28")) == Decimal(10) ** 28
    assert "E" not in str(canonical(Decimal("1E+28")))


def test_canonical_never_rounds() -> None:
    value = Decimal("1234567890123456789012345678.9")
    assert canonical(value) == value


@settings(max_examples=200, deadline=None)
@given(decimals)
@example(Decimal("0.00000001"))
@example(Decimal("-0.00000100"))
def test_canonical_is_equal_and_never_uses_exponent_notation(value: Decimal) -> None:
    result = canonical(value)
    assert result == value
    assert_plain(result)
    text = str(result)
    assert "." not in text or not text.endswith("0")  # no trailing zeros after the point


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (Fraction(1, 4), Decimal("0.25")),
        (Fraction(-7, 8), Decimal("-0.875")),
        (Fraction(35556, 100), Decimal("355.56")),
        (Fraction(10, 1), Decimal("10")),
        (Fraction(1, 2**10 * 5**3), Decimal("0.0000078125")),
    ],
)
def test_terminating_fractions_convert_exactly(fraction: Fraction, expected: Decimal) -> None:
    assert fraction_to_decimal(fraction) == (expected, True)


def test_non_terminating_fraction_is_rounded_half_even_and_reported_inexact() -> None:
    assert fraction_to_decimal(Fraction(1, 3)) == (Decimal("0.333333333333"), False)
    assert fraction_to_decimal(Fraction(2, 3)) == (Decimal("0.666666666667"), False)
    assert fraction_to_decimal(Fraction(-1, 3)) == (Decimal("-0.333333333333"), False)
    assert fraction_to_decimal(Fraction(1, 3), scale=2) == (Decimal("0.33"), False)


def test_exact_results_keep_every_digit() -> None:
    # 30 significant digits: more than the default decimal context holds, and still terminating
    value = Fraction(123456789012345678901234567891, 10**8)
    result, exact = fraction_to_decimal(value)
    assert exact
    assert Fraction(result) == value


def test_inexact_results_of_large_quantities_stay_in_plain_notation() -> None:
    result, exact = fraction_to_decimal(Fraction(10**30, 3))
    assert not exact
    assert_plain(result)
    assert abs(Fraction(result) - Fraction(10**30, 3)) <= Fraction(1, 2 * 10**INEXACT_SCALE)


@settings(max_examples=200, deadline=None)
@given(decimals, decimals.filter(lambda d: d != 0), decimals.filter(lambda d: d != 0))
def test_scale_exactly_matches_the_rational_result(quantity: Decimal, multiply_by: Decimal, divide_by: Decimal) -> None:
    ratio = Fraction(quantity) * Fraction(multiply_by) / Fraction(divide_by)
    result, exact = scale_exactly(quantity, multiply_by, divide_by)
    assert exact == terminates(ratio)
    assert_plain(result)
    if exact:
        assert Fraction(result) == ratio
    else:
        assert abs(Fraction(result) - ratio) <= Fraction(1, 2 * 10**INEXACT_SCALE)


def test_scale_exactly_refuses_division_by_zero() -> None:
    with pytest.raises(ZeroDivisionError):
        scale_exactly(Decimal(1), Decimal(1), Decimal(0))
