"""The commodity aggregate: what is traded, in which units, to which quality specification."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NewType

from backend.core.clock import utc_now
from backend.core.decimal_math import canonical, scale_exactly, within_bounds
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.commodities.domain.errors import (
    CommodityInactive,
    CommodityReadOnly,
    DuplicateVariety,
    InvalidCommodity,
    InvalidQuantity,
    UnknownUnit,
)
from backend.modules.commodities.domain.events import CommodityCreated, CommodityUpdated
from backend.modules.commodities.domain.quality import QualityParameter, QualityReport, QualitySpec, QualityValue
from backend.modules.commodities.domain.units import Conversion, UnitTable

CommodityId = NewType("CommodityId", uuid.UUID)

CODE = re.compile(r"[A-Z][A-Z0-9_-]{1,31}")
HSN_CODE = re.compile(r"[0-9]{4}(?:[0-9]{2}){0,2}")
MAX_NAME = 120


class CommodityCategory(StrEnum):
    FIBRE = "fibre"
    SOFTS = "softs"
    OILSEEDS = "oilseeds"
    GRAINS = "grains"
    PULSES = "pulses"
    SPICES = "spices"
    BASE_METALS = "base_metals"
    PRECIOUS_METALS = "precious_metals"
    ENERGY = "energy"
    OTHER = "other"


@dataclass(frozen=True)
class Variety:
    name: str
    description: str | None = None


@dataclass(frozen=True)
class CommodityDefinition:
    """Everything a caller supplies to register a commodity (already typed, not yet validated)."""

    code: str
    name: str
    category: CommodityCategory
    hsn_code: str
    gst_rate: Decimal
    base_unit: str
    units: tuple[tuple[str, Decimal], ...]
    quality_parameters: tuple[QualityParameter, ...] = ()
    varieties: tuple[Variety, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class CommodityChanges:
    """A partial update: ``None`` leaves a field as it is."""

    name: str | None = None
    category: CommodityCategory | None = None
    hsn_code: str | None = None
    gst_rate: Decimal | None = None
    units: tuple[tuple[str, Decimal], ...] | None = None
    quality_parameters: tuple[QualityParameter, ...] | None = None
    active: bool | None = None


def normalize_code(code: str) -> str:
    return code.strip().upper()


def _scalar_errors(name: str | None, hsn_code: str | None, gst_rate: Decimal | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if name is not None and not (0 < len(name.strip()) <= MAX_NAME):
        errors.append(FieldError("name", f"name must have 1 to {MAX_NAME} characters"))
    if hsn_code is not None and not HSN_CODE.fullmatch(hsn_code):
        errors.append(FieldError("hsn_code", f"{hsn_code!r} is not an HSN code (4, 6 or 8 digits)"))
    if gst_rate is not None:
        if not gst_rate.is_finite() or not (0 <= gst_rate <= 100):
            errors.append(FieldError("gst_rate", f"GST rate must be between 0 and 100 percent, got {gst_rate}"))
        elif gst_rate.as_tuple().exponent < -2:  # type: ignore[operator]
            errors.append(FieldError("gst_rate", f"GST rate has at most 2 decimal places, got {gst_rate}"))
    return errors


def _variety_errors(varieties: tuple[Variety, ...]) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, variety in enumerate(varieties):
        key = variety.name.strip().casefold()
        if not key or len(key) > MAX_NAME:
            errors.append(FieldError(f"varieties.{index}.name", f"variety name must have 1 to {MAX_NAME} characters"))
        elif key in seen:
            errors.append(FieldError(f"varieties.{index}.name", f"variety {variety.name!r} is listed twice"))
        seen.add(key)
    return errors


@dataclass(eq=False)
class Commodity(AggregateRoot):
    id: CommodityId
    tenant_id: uuid.UUID | None  # the owning tenant of a private commodity; None: global
    code: str
    name: str
    category: CommodityCategory
    hsn_code: str
    gst_rate: Decimal
    unit_table: UnitTable
    quality: QualitySpec
    varieties: list[Variety]
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime
    persisted_version: int = field(default=0)

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def register(cls, definition: CommodityDefinition, owner: uuid.UUID | None = None) -> Commodity:
        code = normalize_code(definition.code)
        errors: list[FieldError] = []
        if not CODE.fullmatch(code):
            errors.append(FieldError("code", f"{definition.code!r} must be 2-32 upper-case letters, digits, - or _"))
        errors += _scalar_errors(definition.name, definition.hsn_code, definition.gst_rate)
        unit_table, unit_errors = UnitTable.build(definition.base_unit, definition.units)
        quality = QualitySpec(definition.quality_parameters)
        errors += unit_errors + quality.errors() + _variety_errors(definition.varieties)
        if errors or unit_table is None:
            raise InvalidCommodity(errors)
        now = utc_now()
        commodity = cls(
            id=CommodityId(new_uuid()),
            tenant_id=owner,
            code=code,
            name=definition.name.strip(),
            category=definition.category,
            hsn_code=definition.hsn_code,
            gst_rate=canonical(definition.gst_rate),
            unit_table=unit_table,
            quality=quality,
            varieties=[Variety(v.name.strip(), v.description) for v in definition.varieties],
            active=definition.active,
            version=1,
            created_at=now,
            updated_at=now,
        )
        commodity.record(CommodityCreated(commodity_id=commodity.id, code=code, version=1, occurred_at=now))
        return commodity

    def ensure_changeable_by(self, tenant_id: uuid.UUID | None, platform: bool) -> None:
        """Global commodities belong to the platform; a private one only to its tenant."""
        if platform or (self.tenant_id is not None and self.tenant_id == tenant_id):
            return
        raise CommodityReadOnly(self.code)

    @property
    def base_unit(self) -> str:
        return self.unit_table.base_unit

    def _changed(self, fields: tuple[str, ...]) -> None:
        # one version step per unit of work, however many edits it makes
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = utc_now()
        self.record(
            CommodityUpdated(
                commodity_id=self.id,
                code=self.code,
                changed_fields=fields,
                version=self.version,
                occurred_at=self.updated_at,
            )
        )

    def revise(self, changes: CommodityChanges) -> tuple[str, ...]:
        """Apply a partial update; returns the names of the fields that really changed."""
        errors = _scalar_errors(changes.name, changes.hsn_code, changes.gst_rate)
        unit_table = self.unit_table
        if changes.units is not None:
            built, unit_errors = UnitTable.build(self.base_unit, changes.units)
            errors += unit_errors
            unit_table = built or unit_table
        quality = self.quality if changes.quality_parameters is None else QualitySpec(changes.quality_parameters)
        errors += quality.errors()
        if errors:
            raise InvalidCommodity(errors)
        proposed: dict[str, Any] = {
            "name": None if changes.name is None else changes.name.strip(),
            "category": changes.category,
            "hsn_code": changes.hsn_code,
            "gst_rate": None if changes.gst_rate is None else canonical(changes.gst_rate),
            "unit_table": unit_table,
            "quality": quality,
            "active": changes.active,
        }
        changed = tuple(name for name, value in proposed.items() if value is not None and value != getattr(self, name))
        if not changed:
            return ()
        for name in changed:
            setattr(self, name, proposed[name])
        public_names = tuple({"unit_table": "units", "quality": "quality_parameters"}.get(n, n) for n in changed)
        self._changed(public_names)
        return public_names

    def add_variety(self, variety: Variety) -> None:
        if not self.active:
            raise CommodityInactive(self.code, "get new varieties")
        errors = _variety_errors((variety,))
        if errors:
            raise InvalidCommodity([FieldError("name", errors[0].message)])
        if any(existing.name.casefold() == variety.name.strip().casefold() for existing in self.varieties):
            raise DuplicateVariety(self.code, variety.name.strip())
        self.varieties.append(Variety(variety.name.strip(), variety.description))
        self._changed(("varieties",))

    def convert(self, quantity: Decimal, from_unit: str, to_unit: str) -> Conversion:
        from_factor = self.unit_table.factor_of(from_unit)
        if from_factor is None:
            raise UnknownUnit(self.code, from_unit, "from_unit", self.unit_table.codes)
        to_factor = self.unit_table.factor_of(to_unit)
        if to_factor is None:
            raise UnknownUnit(self.code, to_unit, "to_unit", self.unit_table.codes)
        if not within_bounds(quantity):
            raise InvalidQuantity(str(quantity))
        result, exact = scale_exactly(quantity, from_factor, to_factor)
        return Conversion(result, to_unit.strip().upper(), exact)

    def check_quality(self, values: Mapping[str, QualityValue]) -> QualityReport:
        return self.quality.check(values, self.code)
