"""Domain events of the commodity aggregate turned into the published contracts."""

from __future__ import annotations

from typing import Any

from backend.contracts.commodities.events import CommodityCreatedV1, CommodityUpdatedV1, UnitFactorV1
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.modules.commodities.domain.commodity import Commodity
from backend.modules.commodities.domain.events import CommodityCreated, CommodityUpdated


def _snapshot(commodity: Commodity) -> dict[str, Any]:
    return {
        "commodity_id": commodity.id,
        "code": commodity.code,
        "name": commodity.name,
        "category": str(commodity.category),
        "hsn_code": commodity.hsn_code,
        "gst_rate": commodity.gst_rate,
        "base_unit": commodity.base_unit,
        "units": tuple(UnitFactorV1(code=u.code, factor=u.factor) for u in commodity.unit_table.units),
        "varieties": tuple(v.name for v in commodity.varieties),
        "active": commodity.active,
        "version": commodity.version,
    }


def to_integration_event(aggregate: AggregateRoot, event: DomainEvent) -> IntegrationEvent | None:
    """The state is the aggregate's at commit: one unit of work publishes one consistent version."""
    if not isinstance(aggregate, Commodity):
        return None
    if isinstance(event, CommodityCreated):
        return CommodityCreatedV1(occurred_at=event.occurred_at, **_snapshot(aggregate))
    if isinstance(event, CommodityUpdated):
        return CommodityUpdatedV1(
            occurred_at=event.occurred_at, changed_fields=event.changed_fields, **_snapshot(aggregate)
        )
    return None
