"""HTTP shapes of the commodity master (never used as domain objects or event contracts)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from backend.api.inputs import Input
from backend.api.types import DecimalStr
from backend.modules.commodities.domain.commodity import CommodityCategory
from backend.modules.commodities.domain.quality import ParameterKind

Text = Annotated[str, Field(min_length=1, max_length=120)]
UnitCode = Annotated[str, Field(min_length=1, max_length=16, examples=["BALE"])]


class UnitWrite(Input):
    code: UnitCode
    factor: DecimalStr = Field(description="base units in one of this unit", examples=["355.56"])


class QualityParameterWrite(Input):
    name: Annotated[str, Field(min_length=1, max_length=64, examples=["staple_length"])]
    unit: Annotated[str | None, Field(max_length=32, examples=["mm"])] = None
    kind: ParameterKind
    min: DecimalStr | None = None
    max: DecimalStr | None = None
    allowed_values: Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]], Field(max_length=100)] = []
    mandatory: bool = False


class VarietyCreate(Input):
    name: Text
    description: Annotated[str | None, Field(max_length=2000)] = None


class CommodityCreate(Input):
    code: Annotated[str, Field(min_length=2, max_length=32, examples=["COTTON"])]
    name: Text
    category: CommodityCategory
    hsn_code: Annotated[str, Field(min_length=4, max_length=8, examples=["5201"])]
    gst_rate: DecimalStr = Field(description="percent", examples=["5"])
    base_unit: UnitCode
    units: Annotated[list[UnitWrite], Field(max_length=50)] = []
    quality_parameters: Annotated[list[QualityParameterWrite], Field(max_length=100)] = []
    varieties: Annotated[list[VarietyCreate], Field(max_length=500)] = []
    active: bool = True


class CommodityUpdate(Input):
    """Every field optional; code and base unit never change once quantities refer to them."""

    name: Text | None = None
    category: CommodityCategory | None = None
    hsn_code: Annotated[str | None, Field(min_length=4, max_length=8)] = None
    gst_rate: DecimalStr | None = None
    units: Annotated[list[UnitWrite] | None, Field(max_length=50)] = None
    quality_parameters: Annotated[list[QualityParameterWrite] | None, Field(max_length=100)] = None
    active: bool | None = None


class UnitRead(BaseModel):
    code: str
    factor: DecimalStr


class QualityParameterRead(BaseModel):
    name: str
    unit: str | None
    kind: str
    min: DecimalStr | None
    max: DecimalStr | None
    allowed_values: list[str]
    mandatory: bool


class VarietyRead(BaseModel):
    name: str
    description: str | None


class CommodityRead(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID | None = Field(description="the owning tenant of a private commodity; null: global")
    code: str
    name: str
    category: str
    hsn_code: str
    gst_rate: DecimalStr
    base_unit: str
    units: list[UnitRead]
    quality_parameters: list[QualityParameterRead]
    varieties: list[VarietyRead]
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


class CommodityPage(BaseModel):
    items: list[CommodityRead]
    next_cursor: str | None


class ConversionCreate(Input):
    quantity: DecimalStr = Field(examples=["1"])
    from_unit: UnitCode = Field(examples=["CANDY"])
    to_unit: UnitCode = Field(examples=["KG"])


class ConversionRead(BaseModel):
    quantity: DecimalStr
    unit: str
    exact: bool = Field(description="false when the result does not terminate and was rounded to 12 places")


class MeasuredRangeWrite(Input):
    min: DecimalStr
    max: DecimalStr


QualityValueWrite = Annotated[str, Field(max_length=64)] | int | MeasuredRangeWrite


class QualityCheckCreate(Input):
    values: Annotated[dict[Annotated[str, Field(max_length=64)], QualityValueWrite], Field(max_length=100)]


class QualityResultRead(BaseModel):
    parameter: str
    value: str | None
    passed: bool
    reason: str | None


class QualityCheckRead(BaseModel):
    passed: bool
    results: list[QualityResultRead]
