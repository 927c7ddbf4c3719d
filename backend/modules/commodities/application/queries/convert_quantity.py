"""Express a quantity of one of a commodity's units in another, exactly."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from backend.modules.commodities.application.loading import load_commodity
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.domain.commodity import CommodityId
from backend.modules.commodities.domain.units import Conversion


@dataclass(frozen=True)
class ConvertQuantity:
    commodity_id: CommodityId
    quantity: Decimal
    from_unit: str
    to_unit: str


async def convert_quantity(query: ConvertQuantity, uow: CommoditiesUnitOfWork) -> Conversion:
    async with uow:
        commodity = await load_commodity(uow, query.commodity_id)
    return commodity.convert(query.quantity, query.from_unit, query.to_unit)
