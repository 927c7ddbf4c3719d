"""Judge measured quality values against a commodity's parameter specification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backend.modules.commodities.application.loading import load_commodity
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.domain.commodity import CommodityId
from backend.modules.commodities.domain.quality import QualityReport, QualityValue


@dataclass(frozen=True)
class CheckQuality:
    commodity_id: CommodityId
    values: Mapping[str, QualityValue]


async def check_quality(query: CheckQuality, uow: CommoditiesUnitOfWork) -> QualityReport:
    async with uow:
        commodity = await load_commodity(uow, query.commodity_id)
    return commodity.check_quality(query.values)
