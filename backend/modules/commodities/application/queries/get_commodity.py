"""Read one commodity by id or by code."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.commodities.application.loading import load_commodity
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import CommodityView, commodity_view
from backend.modules.commodities.domain.commodity import CommodityId, normalize_code
from backend.modules.commodities.domain.errors import CommodityNotFound


@dataclass(frozen=True)
class GetCommodity:
    commodity_id: CommodityId


@dataclass(frozen=True)
class GetCommodityByCode:
    code: str


async def get_commodity(query: GetCommodity, uow: CommoditiesUnitOfWork) -> CommodityView:
    async with uow:
        return commodity_view(await load_commodity(uow, query.commodity_id))


async def get_commodity_by_code(query: GetCommodityByCode, uow: CommoditiesUnitOfWork) -> CommodityView:
    async with uow:
        commodity = await uow.commodities.get_by_code(normalize_code(query.code))
        if commodity is None:
            raise CommodityNotFound(f"with code {query.code}")
        return commodity_view(commodity)
