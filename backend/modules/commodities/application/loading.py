"""Loading an aggregate for a change, with the caller's version precondition."""

from __future__ import annotations

from backend.core.errors import PreconditionFailed
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.domain.commodity import Commodity, CommodityId
from backend.modules.commodities.domain.errors import CommodityNotFound


async def load_commodity(uow: CommoditiesUnitOfWork, commodity_id: CommodityId) -> Commodity:
    commodity = await uow.commodities.get(commodity_id)
    if commodity is None:
        raise CommodityNotFound(str(commodity_id))
    return commodity


async def load_for_change(
    uow: CommoditiesUnitOfWork, commodity_id: CommodityId, expected_version: int | None
) -> Commodity:
    """``expected_version`` None means the caller did not ask for a precondition."""
    commodity = await load_commodity(uow, commodity_id)
    commodity.ensure_changeable_by(uow.scope.tenant_id, uow.scope.platform)
    if expected_version is not None and commodity.version != expected_version:
        raise PreconditionFailed(
            f"commodity {commodity.code} is at version {commodity.version}, not {expected_version}",
            extra={"current_version": commodity.version},
        )
    return commodity
