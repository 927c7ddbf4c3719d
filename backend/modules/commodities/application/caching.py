"""How the commodity master is cached: per tenant (global commodities and the tenant's own), dropped
when a commodity is created or changed."""

from __future__ import annotations

import uuid
from datetime import timedelta

from backend.contracts.commodities.events import CommodityCreatedV1, CommodityUpdatedV1
from backend.core.cache import Cache, CachePolicy, CacheScope, JsonCodec, invalidate_changed
from backend.modules.commodities.application.views import CommodityPageView, CommodityView

CHANGES = (CommodityCreatedV1.wire_name, CommodityUpdatedV1.wire_name)

COMMODITY = CachePolicy(
    name="commodities.commodity",
    codec=JsonCodec(CommodityView),
    ttl=timedelta(minutes=5),
    scope=CacheScope.TENANT,
    max_entries=10_000,
    stale_while_revalidate=timedelta(seconds=30),
    invalidated_by=CHANGES,
)

COMMODITY_PAGE = CachePolicy(
    name="commodities.page",
    codec=JsonCodec(CommodityPageView),
    ttl=timedelta(minutes=5),
    scope=CacheScope.TENANT,
    max_entries=2_000,
    stale_while_revalidate=timedelta(seconds=30),
    invalidated_by=CHANGES,
)

POLICIES = (COMMODITY, COMMODITY_PAGE)


async def forget_commodities(cache: Cache, owner: uuid.UUID | None) -> None:
    """Right after a change commits, so its author reads it back at once (the events that also
    invalidate arrive later, through the outbox); ``owner`` is the changed commodity's tenant."""
    for policy in POLICIES:
        await invalidate_changed(cache, policy, owner)
