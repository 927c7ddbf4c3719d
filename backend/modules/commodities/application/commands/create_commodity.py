"""Register a new commodity in the master."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import CommodityView, commodity_view
from backend.modules.commodities.domain.commodity import Commodity, CommodityDefinition
from backend.modules.commodities.domain.errors import DuplicateCommodityCode


@dataclass(frozen=True)
class CreateCommodity:
    definition: CommodityDefinition


async def create_commodity(command: CreateCommodity, uow: CommoditiesUnitOfWork) -> CommodityView:
    # a tenant's commodities are private to it; the platform's are global
    owner = None if uow.scope.platform else uow.scope.tenant_id
    commodity = Commodity.register(command.definition, owner)
    async with uow:
        if await uow.commodities.get_by_code(commodity.code) is not None:
            raise DuplicateCommodityCode(commodity.code)
        await uow.commodities.add(commodity)
        await uow.commit()
    return commodity_view(commodity)
