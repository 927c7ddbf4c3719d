"""Exact decimal arithmetic for money, quantities and unit factors.

Quantities are converted through exact rationals: a result that has a finite decimal expansion is
returned exactly, and only a genuinely non-terminating one is rounded (and reported as inexact).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

# Digits kept after the point when a ratio does not terminate (e.g. 1 kg in candies of 355.56 kg).
INEXACT_SCALE = 12


# Bounds on what arithmetic accepts: far beyond any real quantity or price, small enough that
# exact rational arithmetic on them stays cheap (an exponent of 10**7 would stall a server).
MAX_DIGITS = 40
MAX_EXPONENT = 30


def canonical(value: Decimal) -> Decimal:
    """Drop trailing zeros without rounding or exponent notation (``170.000`` -> ``170``)."""
    if not value.is_finite():
        return value
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return Decimal(0)
    kept = list(digits)
    while exponent < 0 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    if exponent > 0:
        kept += [0] * exponent
        exponent = 0
    return Decimal((sign, tuple(kept), exponent))


def plain_text(value: Decimal) -> str:
    """The canonical value as positional text, never ``1E-7``: how decimals travel in JSON."""
    return format(canonical(value), "f")


def within_bounds(value: Decimal) -> bool:
    """Finite, at most ``MAX_DIGITS`` significant digits, magnitude and precision within 10**±30."""
    if not value.is_finite():
        return False
    if value.is_zero():
        return True
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing_zeros = len(digits) - len(bytes(digits).rstrip(b"\x00"))
    significant = len(digits) - trailing_zeros
    finest = exponent + trailing_zeros
    return significant <= MAX_DIGITS and finest >= -MAX_EXPONENT and value.adjusted() < MAX_EXPONENT


def _decimal(sign: int, magnitude: int, exponent: int) -> Decimal:
    # built from digits, so no context precision can round it
    return Decimal((sign, tuple(int(d) for d in str(magnitude)), exponent))


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
        sign = 1 if scaled.numerator < 0 else 0
        return canonical(_decimal(sign, abs(scaled.numerator), -digits)), True
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
