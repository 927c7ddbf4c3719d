"""Money as finance keeps it: exact decimals in a currency's minor units (INR to the paisa).

Totals are summed as whole numbers of minor units, so no decimal context can round them and a
reversal returns a total to exactly what it was. An amount finer than the currency's minor unit
(``100.005`` INR) is refused, never rounded: a receipt records what the bank credited.
"""

from __future__ import annotations

from decimal import Decimal

from backend.core.currencies import MINOR_UNITS, currency_errors
from backend.core.decimal_math import canonical, within_bounds
from backend.core.errors import FieldError
from backend.modules.finance.domain.errors import InvalidFinanceInput


def money_errors(amount: Decimal, currency: str, field: str, *, positive: bool = False) -> list[FieldError]:
    """A finite amount, zero or more (above zero when ``positive``), in whole minor units."""
    if errors := currency_errors(currency):
        return errors
    bound = "above zero" if positive else "of zero or more"
    if not within_bounds(amount) or amount < 0 or (positive and amount == 0):
        return [FieldError(field, f"must be a finite amount {bound}")]
    places = MINOR_UNITS[currency]
    exponent = canonical(amount).as_tuple().exponent  # normalize() would round past 28 digits
    assert isinstance(exponent, int)  # finite
    if -exponent > places:
        return [FieldError(field, f"{currency} amounts have at most {places} decimal places")]
    return []


def to_minor(amount: Decimal, currency: str, field: str = "amount") -> int:
    """``amount`` as a whole number of ``currency``'s minor units (exact; refused otherwise)."""
    if errors := money_errors(amount, currency, field):
        raise InvalidFinanceInput(errors)
    sign, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    magnitude = int("".join(map(str, digits)) or "0")
    shift = exponent + MINOR_UNITS[currency]
    scale: int = 10 ** abs(shift)
    minor = magnitude * scale if shift >= 0 else magnitude // scale  # exact: the places were checked
    return -minor if sign else minor


def from_minor(minor: int, currency: str) -> Decimal:
    """A whole number of minor units as a Decimal with the currency's places (``10500`` -> ``105.00``)."""
    places = MINOR_UNITS[currency]
    return Decimal((1 if minor < 0 else 0, tuple(int(d) for d in str(abs(minor))), -places))


def total(currency: str, *amounts: Decimal) -> Decimal:
    """The exact sum of ``amounts`` (each in whole minor units of ``currency``)."""
    return from_minor(sum(to_minor(a, currency) for a in amounts), currency)
