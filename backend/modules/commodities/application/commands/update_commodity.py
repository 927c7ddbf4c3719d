"""Change a commodity's definition (partial update under a version precondition)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.commodities.application.loading import load_for_change
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import CommodityView, commodity_view
from backend.modules.commodities.domain.commodity import CommodityChanges, CommodityId


@dataclass(frozen=True)
class UpdateCommodity:
    commodity_id: CommodityId
    expected_version: int | None  # None: the caller sent If-Match: *
    changes: CommodityChanges


async def update_commodity(command: UpdateCommodity, uow: CommoditiesUnitOfWork) -> CommodityView:
    async with uow:
        commodity = await load_for_change(uow, command.commodity_id, command.expected_version)
        if commodity.revise(command.changes):
            await uow.commodities.save(commodity)
            await uow.commit()
    return commodity_view(commodity)
