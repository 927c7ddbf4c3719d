"""Quality parameter specifications and the check of measured values against them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from backend.core.decimal_math import canonical
from backend.core.errors import FieldError

PARAMETER_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
NUMBER = re.compile(r"\s*(-?[0-9]{1,20}(?:\.[0-9]{1,20})?)\s*")
NUMBER_RANGE = re.compile(r"\s*([0-9]{1,20}(?:\.[0-9]{1,20})?)\s*-\s*([0-9]{1,20}(?:\.[0-9]{1,20})?)\s*")


class ParameterKind(StrEnum):
    NUMERIC = "numeric"  # one measured number, optionally bounded below and/or above
    RANGE = "range"  # a band [min, max]; the value is a number or a measured range inside it
    ENUM = "enum"  # one of a fixed list of grades or labels


@dataclass(frozen=True)
class MeasuredRange:
    low: Decimal
    high: Decimal


QualityValue = Decimal | MeasuredRange | str


def parse_measurement(text: str) -> Decimal | MeasuredRange | None:
    """``"28.5"`` is a number, ``"28-29.5"`` a measured range; anything else is not a measurement."""
    if match := NUMBER.fullmatch(text):
        return Decimal(match.group(1))
    if match := NUMBER_RANGE.fullmatch(text):
        return MeasuredRange(Decimal(match.group(1)), Decimal(match.group(2)))
    return None


@dataclass(frozen=True)
class ParameterResult:
    parameter: str
    value: QualityValue | None
    passed: bool
    reason: str | None


@dataclass(frozen=True)
class QualityReport:
    passed: bool
    results: tuple[ParameterResult, ...]


def _fmt(value: Decimal) -> str:
    return str(canonical(value))


def describe_value(value: QualityValue | None) -> str | None:
    """The value as text for results and messages (a range as ``low-high``)."""
    return None if value is None else _describe(value)


def _describe(value: QualityValue) -> str:
    if isinstance(value, MeasuredRange):
        return f"{_fmt(value.low)}-{_fmt(value.high)}"
    if isinstance(value, Decimal):
        return _fmt(value)
    return value


@dataclass(frozen=True)
class QualityParameter:
    name: str
    unit: str | None
    kind: ParameterKind
    min: Decimal | None
    max: Decimal | None
    allowed_values: tuple[str, ...]
    mandatory: bool

    def spec_errors(self, where: str) -> list[FieldError]:
        errors: list[FieldError] = []
        if not PARAMETER_NAME.fullmatch(self.name):
            errors.append(FieldError(f"{where}.name", f"{self.name!r} must be snake_case (a-z, 0-9, _)"))
        if self.kind is ParameterKind.ENUM:
            if not self.allowed_values:
                errors.append(FieldError(f"{where}.allowed_values", f"enum parameter {self.name} needs allowed values"))
            if len(set(self.allowed_values)) != len(self.allowed_values):
                errors.append(FieldError(f"{where}.allowed_values", f"{self.name} lists a value twice"))
            if self.min is not None or self.max is not None:
                errors.append(FieldError(f"{where}.min", f"enum parameter {self.name} takes no min or max"))
            return errors
        if self.allowed_values:
            errors.append(
                FieldError(f"{where}.allowed_values", f"{self.kind} parameter {self.name} takes no allowed values")
            )
        if self.kind is ParameterKind.RANGE and (self.min is None or self.max is None):
            errors.append(FieldError(f"{where}.min", f"range parameter {self.name} needs both min and max"))
        if self.kind is ParameterKind.NUMERIC and self.min is None and self.max is None:
            errors.append(FieldError(f"{where}.min", f"numeric parameter {self.name} needs a min, a max or both"))
        if self.min is not None and self.max is not None and self.min > self.max:
            errors.append(
                FieldError(f"{where}.max", f"{self.name}: max {_fmt(self.max)} is below min {_fmt(self.min)}")
            )
        return errors

    def check(self, value: QualityValue) -> ParameterResult:
        reason = self._violation(value)
        return ParameterResult(self.name, value, reason is None, reason)

    def _violation(self, value: QualityValue) -> str | None:
        if self.kind is ParameterKind.ENUM:
            label = value if isinstance(value, str) else _describe(value)
            if label not in self.allowed_values:
                allowed = ", ".join(self.allowed_values)
                return f"{self.name} {label!r} is not one of: {allowed}"
            return None
        if isinstance(value, str):
            parsed = parse_measurement(value)
            if parsed is None:
                return f"{self.name} must be a number or a range like 28.5-29.5, got {value!r}"
            value = parsed
        if isinstance(value, MeasuredRange) and self.kind is ParameterKind.NUMERIC:
            return f"{self.name} takes a single number, got the range {_describe(value)}"
        low, high = (value.low, value.high) if isinstance(value, MeasuredRange) else (value, value)
        if low > high:
            return f"{self.name} range {_describe(value)} has its low end above its high end"
        unit = f" {self.unit}" if self.unit else ""
        if self.min is not None and low < self.min:
            return f"{self.name} {_describe(value)}{unit} is below the minimum {_fmt(self.min)}{unit}"
        if self.max is not None and high > self.max:
            return f"{self.name} {_describe(value)}{unit} is above the maximum {_fmt(self.max)}{unit}"
        return None


@dataclass(frozen=True)
class QualitySpec:
    parameters: tuple[QualityParameter, ...]

    def errors(self) -> list[FieldError]:
        errors: list[FieldError] = []
        seen: set[str] = set()
        for index, parameter in enumerate(self.parameters):
            where = f"quality_parameters.{index}"
            errors.extend(parameter.spec_errors(where))
            if parameter.name in seen:
                errors.append(FieldError(f"{where}.name", f"parameter {parameter.name} is listed twice"))
            seen.add(parameter.name)
        return errors

    def check(self, values: Mapping[str, QualityValue], commodity_code: str) -> QualityReport:
        """Every declared parameter is judged (missing mandatory ones fail); unknown names fail too."""
        results: list[ParameterResult] = []
        for parameter in self.parameters:
            if parameter.name in values:
                results.append(parameter.check(values[parameter.name]))
            elif parameter.mandatory:
                results.append(
                    ParameterResult(parameter.name, None, False, f"{parameter.name} is mandatory and missing")
                )
        known = {parameter.name for parameter in self.parameters}
        for name in sorted(set(values) - known):
            reason = f"{name} is not a quality parameter of {commodity_code}"
            results.append(ParameterResult(name, values[name], False, reason))
        return QualityReport(all(result.passed for result in results), tuple(results))
