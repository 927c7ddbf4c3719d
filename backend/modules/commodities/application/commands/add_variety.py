"""Add a variety (e.g. Shankar-6 for cotton) to an active commodity."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.commodities.application.loading import load_for_change
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import CommodityView, commodity_view
from backend.modules.commodities.domain.commodity import CommodityId, Variety


@dataclass(frozen=True)
class AddVariety:
    commodity_id: CommodityId
    variety: Variety
    expected_version: int | None = None


async def add_variety(command: AddVariety, uow: CommoditiesUnitOfWork) -> CommodityView:
    async with uow:
        commodity = await load_for_change(uow, command.commodity_id, command.expected_version)
        commodity.add_variety(command.variety)
        await uow.commodities.save(commodity)
        await uow.commit()
    return commodity_view(commodity)
