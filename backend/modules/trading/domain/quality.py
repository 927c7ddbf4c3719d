"""Quality: offered values checked against the commodity's specification, and a buyer's ranges.

The specification arrives as plain data (``ParameterSpec``) read by the application from the
commodities facade; this module never reaches into the commodities context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from backend.core.decimal_math import plain_text
from backend.core.errors import FieldError
from backend.modules.trading.domain.errors import InvalidTradingInput, check

NUMBER = re.compile(r"\s*(-?[0-9]{1,20}(?:\.[0-9]{1,20})?)\s*")
NUMBER_RANGE = re.compile(r"\s*([0-9]{1,20}(?:\.[0-9]{1,20})?)\s*-\s*([0-9]{1,20}(?:\.[0-9]{1,20})?)\s*")


class ParameterKind(StrEnum):
    NUMERIC = "numeric"
    RANGE = "range"  # a band; the value is a number or a measured range inside it
    ENUM = "enum"


@dataclass(frozen=True)
class ValueRange:
    """A measured range such as staple length 28-29.5 mm."""

    low: Decimal
    high: Decimal

    @property
    def midpoint(self) -> Decimal:
        return (self.low + self.high) / 2


QualityValue = Decimal | ValueRange | str


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter of the commodity's quality specification."""

    name: str
    kind: ParameterKind
    min: Decimal | None = None
    max: Decimal | None = None
    allowed_values: tuple[str, ...] = ()
    mandatory: bool = False
    unit: str | None = None


@dataclass(frozen=True)
class QualityViolation:
    """Why an offered value was refused: ``bound`` is min, max, allowed_values, mandatory, kind or unknown."""

    parameter: str
    bound: str
    limit: str | None
    value: str | None
    message: str


class InvalidQuality(InvalidTradingInput):
    code = "invalid-quality"
    title = "Quality outside the specification"

    def __init__(self, violations: list[QualityViolation]) -> None:
        super().__init__([FieldError(f"quality.{v.parameter}", v.message) for v in violations])
        self.violations = violations
        self.extra = {
            "violations": [
                {"parameter": v.parameter, "bound": v.bound, "limit": v.limit, "value": v.value} for v in violations
            ]
        }


def describe(value: QualityValue) -> str:
    if isinstance(value, ValueRange):
        return f"{plain_text(value.low)}-{plain_text(value.high)}"
    if isinstance(value, Decimal):
        return plain_text(value)
    return value


def parse_value(value: QualityValue) -> Decimal | ValueRange | None:
    """A number or measured range; text like ``"28.5"`` or ``"28-29.5"`` is parsed, anything else is None."""
    if isinstance(value, Decimal | ValueRange):
        return value
    if match := NUMBER.fullmatch(value):
        return Decimal(match.group(1))
    if match := NUMBER_RANGE.fullmatch(value):
        return ValueRange(Decimal(match.group(1)), Decimal(match.group(2)))
    return None


def _violation(spec: ParameterSpec, value: QualityValue) -> QualityViolation | None:
    shown = describe(value)

    def refuse(bound: str, limit: str | None, message: str) -> QualityViolation:
        return QualityViolation(spec.name, bound, limit, shown, message)

    if spec.kind is ParameterKind.ENUM:
        if shown not in spec.allowed_values:
            allowed = ", ".join(spec.allowed_values)
            return refuse("allowed_values", allowed, f"{spec.name} {shown!r} is not one of: {allowed}")
        return None
    parsed = parse_value(value)
    if parsed is None:
        return refuse("kind", None, f"{spec.name} must be a number or a range like 28-29.5, got {shown!r}")
    if isinstance(parsed, ValueRange) and (spec.kind is ParameterKind.NUMERIC or parsed.low > parsed.high):
        return refuse("kind", None, f"{spec.name} takes a single number or an ordered range, got {shown}")
    low, high = (parsed.low, parsed.high) if isinstance(parsed, ValueRange) else (parsed, parsed)
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.min is not None and low < spec.min:
        limit = plain_text(spec.min)
        return refuse("min", limit, f"{spec.name} {shown}{unit} is below the minimum {limit}{unit}")
    if spec.max is not None and high > spec.max:
        limit = plain_text(spec.max)
        return refuse("max", limit, f"{spec.name} {shown}{unit} is above the maximum {limit}{unit}")
    return None


def check_offered(spec: Sequence[ParameterSpec], values: Mapping[str, QualityValue]) -> dict[str, QualityValue]:
    """Every mandatory parameter present, every value known and inside its bounds; else one 422 naming
    each parameter, bound and value. Returns the values with numbers parsed."""
    violations: list[QualityViolation] = []
    by_name = {parameter.name: parameter for parameter in spec}
    checked: dict[str, QualityValue] = {}
    for parameter in spec:
        if parameter.name not in values:
            if parameter.mandatory:
                message = f"{parameter.name} is mandatory and missing"
                violations.append(QualityViolation(parameter.name, "mandatory", None, None, message))
            continue
        value = values[parameter.name]
        if problem := _violation(parameter, value):
            violations.append(problem)
        else:
            parsed = None if parameter.kind is ParameterKind.ENUM else parse_value(value)
            checked[parameter.name] = value if parsed is None else parsed
    for name in sorted(set(values) - set(by_name)):
        message = f"{name} is not a quality parameter of this commodity"
        violations.append(QualityViolation(name, "unknown", None, describe(values[name]), message))
    if violations:
        raise InvalidQuality(violations)
    return checked


def quality_or_errors(
    errors: list[FieldError], spec: Sequence[ParameterSpec], values: Mapping[str, QualityValue]
) -> dict[str, QualityValue]:
    """Check the offered values last: alone they raise ``InvalidQuality`` with its violations; with
    other problems already found, one ``InvalidTradingInput`` names them all."""
    try:
        checked = check_offered(spec, values)
    except InvalidQuality as invalid:
        if not errors:
            raise
        errors.extend(invalid.errors)
        checked = {}
    check(errors)
    return checked


@dataclass(frozen=True)
class QualityRange:
    """What a buyer accepts for one parameter: numbers between min and max (either may be open), or,
    for a graded parameter, the ``accepted`` labels; ``preferred`` is the ideal value or label."""

    parameter: str
    min: Decimal | None = None
    max: Decimal | None = None
    preferred: Decimal | str | None = None
    accepted: tuple[str, ...] = ()


def _enum_range_errors(rng: QualityRange, spec: ParameterSpec, where: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if rng.min is not None or rng.max is not None:
        errors.append(FieldError(where, f"{rng.parameter} is graded; give accepted labels, not min or max"))
    if not rng.accepted:
        errors.append(FieldError(f"{where}.accepted", f"{rng.parameter} needs at least one accepted label"))
    if unknown := [label for label in rng.accepted if label not in spec.allowed_values]:
        errors.append(FieldError(f"{where}.accepted", f"{rng.parameter} has no grade {', '.join(unknown)}"))
    if rng.preferred is not None and rng.preferred not in rng.accepted:
        errors.append(FieldError(f"{where}.preferred", f"the preferred {rng.parameter} must be an accepted label"))
    return errors


def _numeric_range_errors(rng: QualityRange, where: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if rng.accepted:
        errors.append(FieldError(f"{where}.accepted", f"{rng.parameter} is measured; give min and/or max"))
    if rng.min is None and rng.max is None:
        errors.append(FieldError(where, f"{rng.parameter} needs a min, a max or both"))
    if rng.min is not None and rng.max is not None and rng.min > rng.max:
        errors.append(FieldError(f"{where}.max", f"{rng.parameter}: max {rng.max} is below min {rng.min}"))
    if rng.preferred is not None:
        preferred = rng.preferred
        if not isinstance(preferred, Decimal):
            errors.append(FieldError(f"{where}.preferred", f"the preferred {rng.parameter} must be a number"))
        elif (rng.min is not None and preferred < rng.min) or (rng.max is not None and preferred > rng.max):
            errors.append(FieldError(f"{where}.preferred", f"the preferred {rng.parameter} lies outside min..max"))
    return errors


def quality_range_errors(ranges: Sequence[QualityRange], spec: Sequence[ParameterSpec]) -> list[FieldError]:
    by_name = {parameter.name: parameter for parameter in spec}
    errors: list[FieldError] = []
    seen: set[str] = set()
    for rng in ranges:
        where = f"quality.{rng.parameter}"
        if rng.parameter in seen:
            errors.append(FieldError(where, f"{rng.parameter} is listed twice"))
        seen.add(rng.parameter)
        parameter = by_name.get(rng.parameter)
        if parameter is None:
            errors.append(FieldError(where, f"{rng.parameter} is not a quality parameter of this commodity"))
        elif parameter.kind is ParameterKind.ENUM:
            errors += _enum_range_errors(rng, parameter, where)
        else:
            errors += _numeric_range_errors(rng, where)
    return errors
