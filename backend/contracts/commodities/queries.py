"""What other contexts may ask the commodity master, and the answers they get."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class UnitFactor:
    code: str
    factor: Decimal


@dataclass(frozen=True)
class QualityParameterRef:
    """One parameter of the quality specification: ``kind`` is numeric, range or enum."""

    name: str
    unit: str | None
    kind: str
    min: Decimal | None
    max: Decimal | None
    allowed_values: tuple[str, ...]
    mandatory: bool


@dataclass(frozen=True)
class CommodityRef:
    """The facts a trade needs about a commodity: tax, units and whether it trades."""

    id: uuid.UUID
    code: str
    name: str
    category: str
    hsn_code: str
    gst_rate: Decimal
    base_unit: str
    units: tuple[UnitFactor, ...]
    varieties: tuple[str, ...]
    active: bool
    version: int
    quality_parameters: tuple[QualityParameterRef, ...] = ()  # added for trading; empty: no specification


@dataclass(frozen=True)
class ConvertedQuantity:
    quantity: Decimal
    unit: str
    exact: bool


@dataclass(frozen=True)
class QualityParameterResult:
    parameter: str
    value: str | None
    passed: bool
    reason: str | None


@dataclass(frozen=True)
class QualityCheckResult:
    passed: bool
    results: tuple[QualityParameterResult, ...]


class CommodityFacade(Protocol):
    """Implemented by ``backend.modules.commodities.application.facade``."""

    async def get_commodity(self, commodity_id: uuid.UUID) -> CommodityRef:
        """The commodity; raises a not-found error when it does not exist."""

    async def get_commodity_by_code(self, code: str) -> CommodityRef:
        """The commodity with ``code`` (case-insensitive); raises a not-found error when none."""

    async def convert(
        self, commodity_id: uuid.UUID, quantity: Decimal, from_unit: str, to_unit: str
    ) -> ConvertedQuantity:
        """``quantity`` of ``from_unit`` expressed in ``to_unit``, exactly where it terminates."""

    async def existing(self, commodity_ids: set[uuid.UUID]) -> set[uuid.UUID]:
        """Those of ``commodity_ids`` that exist and the caller may see."""

    async def check_quality(self, commodity_id: uuid.UUID, values: dict[str, str]) -> QualityCheckResult:
        """Judge measured values (numbers as strings, ranges as ``"low-high"``) against the spec."""
