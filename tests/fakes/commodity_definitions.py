"""Small, valid commodity definitions for tests; override any field with keyword arguments."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from backend.modules.commodities.domain.commodity import CommodityCategory, CommodityDefinition, Variety
from backend.modules.commodities.domain.quality import ParameterKind, QualityParameter


def numeric(name: str, low: str | None = None, high: str | None = None, *, unit: str | None = "%") -> QualityParameter:
    return QualityParameter(
        name=name,
        unit=unit,
        kind=ParameterKind.NUMERIC,
        min=None if low is None else Decimal(low),
        max=None if high is None else Decimal(high),
        allowed_values=(),
        mandatory=True,
    )


def band(name: str, low: str | None, high: str | None, *, unit: str | None = "mm") -> QualityParameter:
    return QualityParameter(
        name=name,
        unit=unit,
        kind=ParameterKind.RANGE,
        min=None if low is None else Decimal(low),
        max=None if high is None else Decimal(high),
        allowed_values=(),
        mandatory=True,
    )


def grades(name: str, *values: str, mandatory: bool = False) -> QualityParameter:
    return QualityParameter(name, None, ParameterKind.ENUM, None, None, values, mandatory)


def units(*pairs: tuple[str, str]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((code, Decimal(factor)) for code, factor in pairs)


COTTON_PARAMETERS = (
    band("staple_length", "28", "30"),
    numeric("strength", "24", None, unit="g/tex"),
    numeric("moisture", None, "8.5"),
    grades("colour_grade", "white", "light_spotted", "spotted"),
)


def cotton(**overrides: Any) -> CommodityDefinition:
    definition = CommodityDefinition(
        code="COTTON",
        name="Raw cotton",
        category=CommodityCategory.FIBRE,
        hsn_code="5201",
        gst_rate=Decimal("5"),
        base_unit="KG",
        units=units(("BALE", "170"), ("CANDY", "355.56"), ("QUINTAL", "100")),
        quality_parameters=COTTON_PARAMETERS,
        varieties=(Variety("Shankar-6"), Variety("DCH-32")),
    )
    return replace(definition, **overrides)


def plain(code: str, **overrides: Any) -> CommodityDefinition:
    """A commodity with one trading unit and no quality parameters (for lists and pages)."""
    definition = CommodityDefinition(
        code=code,
        name=f"Commodity {code}",
        category=CommodityCategory.GRAINS,
        hsn_code="1001",
        gst_rate=Decimal("0"),
        base_unit="KG",
        units=units(("QUINTAL", "100")),
    )
    return replace(definition, **overrides)
