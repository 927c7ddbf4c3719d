"""Quantities in a commodity's base unit, converted exactly through factors the application supplies.

The application reads the factors from the commodities facade and hands them in as a ``UnitTable``;
the domain never asks for them. Converting *to* the base unit multiplies by a decimal factor, so it is
always exact; converting back may not terminate and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from backend.core.decimal_math import canonical, plain_text, scale_exactly, within_bounds
from backend.core.errors import FieldError
from backend.modules.trading.domain.errors import InvalidTradingInput

ONE = Decimal(1)


def normalize_unit(code: str) -> str:
    return code.strip().upper()


def positive_errors(value: Decimal, field: str, what: str) -> list[FieldError]:
    """A quantity or price must be a finite decimal above zero within the supported range."""
    if not within_bounds(value) or value <= 0:
        return [FieldError(field, f"{what} must be a finite number above zero, got {value}")]
    return []


@dataclass(frozen=True)
class Quantity:
    """An amount in a named unit, as a caller enters it."""

    amount: Decimal
    unit: str


@dataclass(frozen=True)
class UnitTable:
    """A commodity's base unit and how many base units make one of each trading unit."""

    base_unit: str
    factors: tuple[tuple[str, Decimal], ...] = ()

    def factor_of(self, unit: str, field: str = "unit") -> Decimal:
        wanted = normalize_unit(unit)
        if wanted == normalize_unit(self.base_unit):
            return ONE
        for code, factor in self.factors:
            if normalize_unit(code) == wanted:
                return factor
        known = ", ".join([self.base_unit, *(code for code, _ in self.factors)])
        raise InvalidTradingInput([FieldError(field, f"{unit!r} is not a unit of this commodity (known: {known})")])

    def to_base(self, quantity: Quantity, field: str = "quantity") -> Decimal:
        """The quantity in the base unit; exact, because a decimal times a decimal terminates."""
        if not within_bounds(quantity.amount):
            raise InvalidTradingInput([FieldError(field, f"{quantity.amount} is not a supported quantity")])
        factor = self.factor_of(quantity.unit, f"{field}_unit" if field != "quantity" else "unit")
        base, exact = scale_exactly(quantity.amount, factor, ONE)
        assert exact  # multiplication by a finite decimal always terminates
        return canonical(base)

    def from_base(self, base_quantity: Decimal, unit: str) -> tuple[Decimal, bool]:
        """``base_quantity`` expressed in ``unit`` and whether that is exact (12 places otherwise)."""
        return scale_exactly(base_quantity, ONE, self.factor_of(unit))


def describe(quantity: Decimal, unit: str) -> str:
    return f"{plain_text(quantity)} {unit}"
