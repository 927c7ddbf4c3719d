"""Exact decimal arithmetic for money, quantities and unit factors.

Quantities are converted through exact rationals: a result that has a finite decimal expansion is
returned exactly, and only a genuinely non-terminating one is rounded (and reported as inexact).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

# Digits kept after the point when a ratio does not terminate (e.g. 1 kg in candies of 355.56 kg).
INEXACT_SCALE = 12


def canonical(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (``170.000`` -> ``170``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _factor_out(number: int, prime: int) -> tuple[int, int]:
    count = 0
    while number % prime == 0:
        number //= prime
        count += 1
    return number, count


def fraction_to_decimal(value: Fraction, scale: int = INEXACT_SCALE) -> tuple[Decimal, bool]:
    """``value`` as a Decimal and whether that Decimal is exact.

    A terminating fraction converts exactly; otherwise it is rounded half-even to ``scale`` places.
    """
    rest, twos = _factor_out(value.denominator, 2)
    rest, fives = _factor_out(rest, 5)
    if rest == 1:
        digits = max(twos, fives)
        scaled = value * 10**digits
        return canonical(Decimal(scaled.numerator).scaleb(-digits)), True
    with localcontext() as ctx:
        ctx.prec = len(str(abs(value.numerator) // value.denominator)) + scale + 5
        exact_quotient = Decimal(value.numerator) / Decimal(value.denominator)
        rounded = exact_quotient.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_EVEN)
    return canonical(rounded), False


def scale_exactly(quantity: Decimal, multiply_by: Decimal, divide_by: Decimal) -> tuple[Decimal, bool]:
    """``quantity * multiply_by / divide_by`` computed exactly, see ``fraction_to_decimal``."""
    if divide_by == 0:
        raise ZeroDivisionError("divide_by must not be zero")
    ratio = Fraction(quantity) * Fraction(multiply_by) / Fraction(divide_by)
    return fraction_to_decimal(ratio)
