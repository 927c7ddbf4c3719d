"""Money rounding per currency and unit prices compared exactly across price units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from backend.core.currencies import MINOR_UNITS, currency_errors
from backend.core.decimal_math import canonical, fraction_to_decimal
from backend.modules.trading.domain.errors import InvalidTradingInput


def minor_units(currency: str) -> int:
    if errors := currency_errors(currency):
        raise InvalidTradingInput(errors)
    return MINOR_UNITS[currency]


def round_half_up(value: Fraction | Decimal, places: int) -> Decimal:
    """Round an exact value to ``places`` (zero or more) decimals, halves away from zero."""
    exact = Fraction(value) * 10**places
    magnitude = (abs(exact) * 2 + 1) // 2  # floor(|x| + 1/2)
    rounded = Fraction(int(magnitude) if exact >= 0 else -int(magnitude), 10**places)
    decimal, _ = fraction_to_decimal(rounded)
    return decimal.quantize(Decimal(1).scaleb(-places))


def round_money(value: Fraction | Decimal, currency: str) -> Decimal:
    """``value`` rounded half up to the currency's minor unit (INR 2 places, JPY none, KWD 3)."""
    return round_half_up(value, minor_units(currency))


@dataclass(frozen=True)
class UnitPrice:
    """``amount`` of ``currency`` per one ``unit``; ``factor`` base units make one ``unit``.

    The factor is frozen with the price when the posting or offer is made, so later changes to the
    commodity's unit table never re-price a deal.
    """

    amount: Decimal
    currency: str
    unit: str
    factor: Decimal

    @property
    def per_base_unit(self) -> Fraction:
        return Fraction(self.amount) / Fraction(self.factor)

    def with_amount(self, amount: Decimal) -> UnitPrice:
        return UnitPrice(canonical(amount), self.currency, self.unit, self.factor)

    def in_unit_of(self, other: UnitPrice) -> Fraction:
        """This price expressed per ``other``'s unit, exactly."""
        return self.per_base_unit * Fraction(other.factor)


def line_amount(base_quantity: Decimal, price: UnitPrice) -> Decimal:
    """Quantity (base unit) times price, rounded once to the currency's minor unit."""
    return round_money(Fraction(base_quantity) * price.per_base_unit, price.currency)
