"""Exact arithmetic and validation for the amounts and quantities risk keeps.

The default decimal context keeps 28 digits and rounds silently past them; risk totals add and
subtract under a context wide enough for any value ``within_bounds`` allows and trap any rounding,
so a reversal always returns a total to exactly what it was.
"""

from __future__ import annotations

from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow, localcontext

from backend.core.decimal_math import MAX_DIGITS, MAX_EXPONENT, within_bounds
from backend.core.errors import FieldError

_EXACT = Context(prec=2 * (MAX_DIGITS + MAX_EXPONENT), traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])


def exact_sum(*values: Decimal) -> Decimal:
    with localcontext(_EXACT):
        return sum(values, Decimal(0))


def exact_sub(minuend: Decimal, subtrahend: Decimal) -> Decimal:
    with localcontext(_EXACT):
        return minuend - subtrahend


def amount_errors(value: Decimal, field_name: str, *, positive: bool = False, what: str = "amount") -> list[FieldError]:
    """A finite amount within bounds, zero or more (above zero when ``positive``)."""
    if not within_bounds(value) or value < 0 or (positive and value == 0):
        bound = "above zero" if positive else "of zero or more"
        return [FieldError(field_name, f"must be a finite {what} {bound}")]
    return []
