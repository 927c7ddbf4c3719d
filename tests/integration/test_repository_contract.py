"""One contract, two implementations: the in-memory fake must behave like the PostgreSQL repository."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from backend.app.bootstrap import Container
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import commodity_view
from backend.modules.commodities.domain.commodity import (
    Commodity,
    CommodityCategory,
    CommodityChanges,
    Variety,
)
from backend.modules.commodities.domain.errors import DuplicateCommodityCode
from backend.modules.commodities.domain.repository import CommodityFilter
from backend.modules.commodities.infrastructure.seed_catalogue import COPPER, COTTON, SUGAR
from tests.fakes.commodities import FakeCommodities

UowFactory = Callable[[], CommoditiesUnitOfWork]


@pytest.fixture(params=["in-memory", "postgresql"])
def new_uow(request: pytest.FixtureRequest) -> UowFactory:
    if request.param == "in-memory":
        return FakeCommodities().uow
    container: Container = request.getfixturevalue("container")
    return lambda: container.commodities_uow(SYSTEM_SCOPE)


async def _add(new_uow: UowFactory, commodity: Commodity) -> None:
    async with new_uow() as uow:
        await uow.commodities.add(commodity)
        await uow.commit()


async def test_every_field_survives_a_round_trip(new_uow: UowFactory) -> None:
    original = Commodity.register(replace(COTTON, code="RT-COTTON", gst_rate=Decimal("2.5")))
    await _add(new_uow, original)
    async with new_uow() as uow:
        loaded = await uow.commodities.get(original.id)
        by_code = await uow.commodities.get_by_code("RT-COTTON")
    assert loaded is not None
    assert by_code is not None
    assert commodity_view(loaded) == commodity_view(original) == commodity_view(by_code)
    assert loaded.persisted_version == loaded.version == 1


async def test_a_taken_code_is_refused(new_uow: UowFactory) -> None:
    await _add(new_uow, Commodity.register(replace(SUGAR, code="RT-SUGAR")))
    with pytest.raises(DuplicateCommodityCode):
        await _add(new_uow, Commodity.register(replace(SUGAR, code="RT-SUGAR")))


async def test_changes_without_commit_are_discarded(new_uow: UowFactory) -> None:
    commodity = Commodity.register(replace(SUGAR, code="RT-ROLLBACK"))
    async with new_uow() as uow:
        await uow.commodities.add(commodity)
    async with new_uow() as uow:
        assert await uow.commodities.get(commodity.id) is None


async def test_saves_bump_the_version_and_refuse_a_stale_one(new_uow: UowFactory) -> None:
    commodity = Commodity.register(replace(COPPER, code="RT-COPPER"))
    await _add(new_uow, commodity)
    async with new_uow() as uow:
        fresh = await uow.commodities.get(commodity.id)
        assert fresh is not None
        fresh.add_variety(Variety("Ingot"))
        fresh.revise(CommodityChanges(name="Copper cathode, LME grade A"))
        await uow.commodities.save(fresh)
        await uow.commit()
    async with new_uow() as uow:
        stored = await uow.commodities.get(commodity.id)
        assert stored is not None
        assert (stored.version, stored.name, stored.varieties[-1].name) == (2, "Copper cathode, LME grade A", "Ingot")
    # ``commodity`` still believes it is at version 1
    commodity.revise(CommodityChanges(name="Stale"))
    async with new_uow() as uow:
        await uow.commodities.get(commodity.id)
        with pytest.raises(ConcurrencyConflict):
            await uow.commodities.save(commodity)


async def test_list_pages_by_code_and_filters(new_uow: UowFactory) -> None:
    for code, category, active in [
        ("RTL-B", CommodityCategory.FIBRE, True),
        ("RTL-A", CommodityCategory.FIBRE, True),
        ("RTL-C", CommodityCategory.FIBRE, False),
        ("RTL_D", CommodityCategory.FIBRE, True),
        ("RTL-E", CommodityCategory.SOFTS, True),
    ]:
        await _add(new_uow, Commodity.register(replace(COTTON, code=code, category=category, active=active)))

    async def codes(page: CommodityFilter) -> list[str]:
        async with new_uow() as uow:
            return [c.code for c in await uow.commodities.list(page) if c.code.startswith("RTL")]

    fibre = CommodityCategory.FIBRE
    assert await codes(CommodityFilter(limit=50, after_code="RTK", category=fibre)) == [
        "RTL-A",
        "RTL-B",
        "RTL-C",
        "RTL_D",
    ]
    assert await codes(CommodityFilter(limit=2, after_code="RTL-A", category=fibre)) == ["RTL-B", "RTL-C"]
    assert await codes(CommodityFilter(limit=50, after_code="RTK", active=False)) == ["RTL-C"]
