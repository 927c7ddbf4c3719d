"""Trading units and their exact conversion factors to a commodity's base unit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from backend.core.decimal_math import canonical, within_bounds
from backend.core.errors import FieldError

UNIT_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,15}")
ONE = Decimal(1)


def normalize_unit_code(code: str) -> str:
    return code.strip().upper()


@dataclass(frozen=True)
class TradingUnit:
    """``factor`` base units make one of this unit (cotton: one BALE is 170 KG)."""

    code: str
    factor: Decimal


@dataclass(frozen=True)
class Conversion:
    quantity: Decimal
    unit: str
    exact: bool


@dataclass(frozen=True)
class UnitTable:
    """A commodity's base unit plus its trading units; the base unit's factor is always 1."""

    base_unit: str
    units: tuple[TradingUnit, ...]

    @classmethod
    def build(cls, base_unit: str, units: Iterable[tuple[str, Decimal]]) -> tuple[UnitTable | None, list[FieldError]]:
        """Validate and build; returns the field errors instead of raising so callers can merge them."""
        errors: list[FieldError] = []
        base = normalize_unit_code(base_unit)
        if not UNIT_CODE.fullmatch(base):
            errors.append(FieldError("base_unit", f"{base_unit!r} is not a unit code (A-Z, 0-9, _; up to 16)"))
        table: dict[str, Decimal] = {base: ONE}
        for index, (raw_code, factor) in enumerate(units):
            code = normalize_unit_code(raw_code)
            where = f"units.{index}"
            if not UNIT_CODE.fullmatch(code):
                errors.append(FieldError(f"{where}.code", f"{raw_code!r} is not a unit code (A-Z, 0-9, _; up to 16)"))
                continue
            if not within_bounds(factor) or factor <= 0:
                errors.append(
                    FieldError(f"{where}.factor", f"factor of {code} must be greater than zero, got {factor}")
                )
                continue
            if code == base:
                if factor != ONE:
                    errors.append(FieldError(f"{where}.factor", f"the base unit {base} has factor 1, got {factor}"))
                continue
            if code in table:
                errors.append(FieldError(f"{where}.code", f"unit {code} is listed twice"))
                continue
            table[code] = canonical(factor)
        if errors:
            return None, errors
        ordered = tuple(TradingUnit(code, factor) for code, factor in table.items())
        return cls(base, ordered), []

    @property
    def codes(self) -> list[str]:
        return [unit.code for unit in self.units]

    def factor_of(self, code: str) -> Decimal | None:
        wanted = normalize_unit_code(code)
        for unit in self.units:
            if unit.code == wanted:
                return unit.factor
        return None
