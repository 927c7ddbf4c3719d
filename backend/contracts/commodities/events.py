"""Integration events published by the commodity master (wire names are permanent)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from backend.core.messaging.events import IntegrationEvent
from backend.core.wire_types import DecimalStr


class UnitFactorV1(BaseModel):
    """``factor`` base units make one ``code`` unit."""

    # tolerant reader: a consumer on an older copy of the contract ignores fields added since
    model_config = ConfigDict(frozen=True, extra="ignore")

    code: str
    factor: DecimalStr


class _CommoditySnapshotV1(IntegrationEvent):
    aggregate_type: ClassVar[str] = "commodity"
    aggregate_field: ClassVar[str] = "commodity_id"

    commodity_id: uuid.UUID
    code: str
    name: str
    category: str
    hsn_code: str
    gst_rate: DecimalStr
    base_unit: str
    units: tuple[UnitFactorV1, ...]
    varieties: tuple[str, ...]
    active: bool
    version: int


class CommodityCreatedV1(_CommoditySnapshotV1):
    """A commodity was added to the master, with its full state."""

    wire_name: ClassVar[str] = "commodities.commodity_created.v1"


class CommodityUpdatedV1(_CommoditySnapshotV1):
    """A commodity changed; carries its state after the change and which fields changed."""

    wire_name: ClassVar[str] = "commodities.commodity_updated.v1"

    changed_fields: tuple[str, ...]
