"""Checks shared by the exact-arithmetic tests."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def assert_plain(value: Decimal) -> None:
    """No ``1.7E+2`` form; below 10^-6 ``str`` of any Decimal uses an exponent, so only check the form."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    assert exponent <= 0
    if value == 0 or abs(value) >= Decimal("0.000001"):
        assert "E" not in str(value)


def terminates(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1
