"""Read models the use cases return: plain data, never the aggregate itself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from backend.modules.commodities.domain.commodity import Commodity


@dataclass(frozen=True)
class UnitView:
    code: str
    factor: Decimal


@dataclass(frozen=True)
class QualityParameterView:
    name: str
    unit: str | None
    kind: str
    min: Decimal | None
    max: Decimal | None
    allowed_values: tuple[str, ...]
    mandatory: bool


@dataclass(frozen=True)
class VarietyView:
    name: str
    description: str | None


@dataclass(frozen=True)
class CommodityView:
    id: uuid.UUID
    tenant_id: uuid.UUID | None
    code: str
    name: str
    category: str
    hsn_code: str
    gst_rate: Decimal
    base_unit: str
    units: tuple[UnitView, ...]
    quality_parameters: tuple[QualityParameterView, ...]
    varieties: tuple[VarietyView, ...]
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class CommodityPageView:
    items: tuple[CommodityView, ...]
    next_after_code: str | None


def commodity_view(commodity: Commodity) -> CommodityView:
    return CommodityView(
        id=commodity.id,
        tenant_id=commodity.tenant_id,
        code=commodity.code,
        name=commodity.name,
        category=str(commodity.category),
        hsn_code=commodity.hsn_code,
        gst_rate=commodity.gst_rate,
        base_unit=commodity.base_unit,
        units=tuple(UnitView(unit.code, unit.factor) for unit in commodity.unit_table.units),
        quality_parameters=tuple(
            QualityParameterView(p.name, p.unit, str(p.kind), p.min, p.max, p.allowed_values, p.mandatory)
            for p in commodity.quality.parameters
        ),
        varieties=tuple(VarietyView(v.name, v.description) for v in commodity.varieties),
        active=commodity.active,
        version=commodity.version,
        created_at=commodity.created_at,
        updated_at=commodity.updated_at,
    )
