"""Between HTTP shapes and the application's commands and views."""

from __future__ import annotations

from decimal import Decimal

from backend.api.commodities.schemas import (
    CommodityRead,
    MeasuredRangeWrite,
    QualityParameterWrite,
    QualityValueWrite,
    UnitWrite,
)
from backend.modules.commodities.application.views import CommodityView
from backend.modules.commodities.domain.quality import MeasuredRange, QualityParameter, QualityValue


def units_in(units: list[UnitWrite]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((unit.code, unit.factor) for unit in units)


def parameters_in(parameters: list[QualityParameterWrite]) -> tuple[QualityParameter, ...]:
    return tuple(
        QualityParameter(
            name=p.name,
            unit=p.unit,
            kind=p.kind,
            min=p.min,
            max=p.max,
            allowed_values=tuple(p.allowed_values),
            mandatory=p.mandatory,
        )
        for p in parameters
    )


def quality_value_in(value: QualityValueWrite) -> QualityValue:
    if isinstance(value, MeasuredRangeWrite):
        return MeasuredRange(value.min, value.max)
    if isinstance(value, int):
        return Decimal(value)
    return value


def commodity_out(view: CommodityView) -> CommodityRead:
    return CommodityRead.model_validate(view, from_attributes=True)
