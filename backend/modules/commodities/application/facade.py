"""The commodity master as other contexts see it (``contracts/commodities/queries.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from backend.contracts.commodities.queries import (
    CommodityRef,
    ConvertedQuantity,
    QualityCheckResult,
    QualityParameterRef,
    QualityParameterResult,
    UnitFactor,
)
from backend.core.cache import NO_CACHE, Cache, CacheOwner
from backend.modules.commodities.application.caching import COMMODITY
from backend.modules.commodities.application.queries.check_quality import CheckQuality, check_quality
from backend.modules.commodities.application.queries.convert_quantity import ConvertQuantity, convert_quantity
from backend.modules.commodities.application.queries.get_commodity import (
    GetCommodity,
    GetCommodityByCode,
    get_commodity,
    get_commodity_by_code,
)
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import CommodityView
from backend.modules.commodities.domain.commodity import CommodityId
from backend.modules.commodities.domain.quality import describe_value


def _ref(view: CommodityView) -> CommodityRef:
    return CommodityRef(
        id=view.id,
        code=view.code,
        name=view.name,
        category=view.category,
        hsn_code=view.hsn_code,
        gst_rate=view.gst_rate,
        base_unit=view.base_unit,
        units=tuple(UnitFactor(u.code, u.factor) for u in view.units),
        varieties=tuple(v.name for v in view.varieties),
        active=view.active,
        version=view.version,
        quality_parameters=tuple(
            QualityParameterRef(p.name, p.unit, p.kind, p.min, p.max, p.allowed_values, p.mandatory)
            for p in view.quality_parameters
        ),
    )


class CommodityFacadeService:
    def __init__(self, uow_factory: Callable[[], CommoditiesUnitOfWork], cache: Cache = NO_CACHE) -> None:
        self._uow_factory = uow_factory
        self._cache = cache

    async def existing(self, commodity_ids: set[uuid.UUID]) -> set[uuid.UUID]:
        async with self._uow_factory() as uow:
            found = await uow.commodities.existing({CommodityId(i) for i in commodity_ids})
        return set(found)

    async def get_commodity(self, commodity_id: uuid.UUID) -> CommodityRef:
        uow, query = self._uow_factory(), GetCommodity(CommodityId(commodity_id))
        owner = CacheOwner.tenant(uow.scope.tenant_id)
        return _ref(await self._cache.get_or_load(COMMODITY, owner, query, lambda: get_commodity(query, uow)))

    async def get_commodity_by_code(self, code: str) -> CommodityRef:
        return _ref(await get_commodity_by_code(GetCommodityByCode(code), self._uow_factory()))

    async def convert(
        self, commodity_id: uuid.UUID, quantity: Decimal, from_unit: str, to_unit: str
    ) -> ConvertedQuantity:
        query = ConvertQuantity(CommodityId(commodity_id), quantity, from_unit, to_unit)
        result = await convert_quantity(query, self._uow_factory())
        return ConvertedQuantity(result.quantity, result.unit, result.exact)

    async def check_quality(self, commodity_id: uuid.UUID, values: dict[str, str]) -> QualityCheckResult:
        report = await check_quality(CheckQuality(CommodityId(commodity_id), values), self._uow_factory())
        return QualityCheckResult(
            report.passed,
            tuple(
                QualityParameterResult(r.parameter, describe_value(r.value), r.passed, r.reason) for r in report.results
            ),
        )
