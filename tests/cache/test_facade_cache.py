"""The facade other contexts use reads the commodity master through the same cache as the API."""

from __future__ import annotations

from backend.core.cache.memory import MemoryBackend
from backend.core.cache.service import PolicyCache
from backend.modules.commodities.application.caching import COMMODITY, forget_commodities
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.application.facade import CommodityFacadeService
from tests.cache.conftest import RecordingStats
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import cotton


async def test_the_facade_loads_a_commodity_once_until_it_changes() -> None:
    commodities, stats = FakeCommodities(), RecordingStats()
    cache = PolicyCache(MemoryBackend(), stats)
    facade = CommodityFacadeService(commodities.uow, cache)
    view = await create_commodity(CreateCommodity(cotton()), commodities.uow())
    loaded_before = len(commodities.uows)

    first = await facade.get_commodity(view.id)
    assert await facade.get_commodity(view.id) == first
    assert stats.of(COMMODITY.name) == (1, 1, 0)
    used = [uow for uow in commodities.uows[loaded_before:] if uow._entered]
    assert len(used) == 1  # each call asks for a unit of work; only the miss opens one

    await forget_commodities(cache, view.tenant_id)
    await facade.get_commodity(view.id)
    assert stats.of(COMMODITY.name) == (1, 2, 0)
