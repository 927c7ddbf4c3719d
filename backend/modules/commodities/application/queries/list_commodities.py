"""List commodities in code order, a keyset page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import CommodityPageView, commodity_view
from backend.modules.commodities.domain.commodity import CommodityCategory
from backend.modules.commodities.domain.repository import CommodityFilter


@dataclass(frozen=True)
class ListCommodities:
    limit: int
    after_code: str | None = None
    category: CommodityCategory | None = None
    active: bool | None = None


async def list_commodities(query: ListCommodities, uow: CommoditiesUnitOfWork) -> CommodityPageView:
    if query.limit < 1:
        raise ValueError(f"limit must be at least 1, got {query.limit}")
    async with uow:
        # one row more than asked tells whether another page exists
        rows = await uow.commodities.list(
            CommodityFilter(
                limit=query.limit + 1, after_code=query.after_code, category=query.category, active=query.active
            )
        )
    page = rows[: query.limit]
    next_after = page[-1].code if len(rows) > query.limit else None
    return CommodityPageView(tuple(commodity_view(c) for c in page), next_after)
