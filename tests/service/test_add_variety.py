"""AddVariety: a new variety on an active commodity, published as a commodity update."""

from __future__ import annotations

import pytest

from backend.contracts.commodities.events import CommodityUpdatedV1
from backend.core.errors import PreconditionFailed
from backend.modules.commodities.application.commands.add_variety import AddVariety, add_variety
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.application.commands.update_commodity import UpdateCommodity, update_commodity
from backend.modules.commodities.application.views import CommodityView
from backend.modules.commodities.domain.commodity import CommodityChanges, CommodityId, Variety
from backend.modules.commodities.domain.errors import CommodityInactive, DuplicateVariety
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import cotton


async def created(commodities: FakeCommodities) -> CommodityView:
    view = await create_commodity(CreateCommodity(cotton()), commodities.uow())
    commodities.published.clear()
    return view


async def test_add_variety_stores_and_publishes(commodities: FakeCommodities) -> None:
    view = await created(commodities)

    result = await add_variety(
        AddVariety(CommodityId(view.id), Variety("Bunny", "long staple"), expected_version=1), commodities.uow()
    )

    assert [(v.name, v.description) for v in result.varieties][-1] == ("Bunny", "long staple")
    assert result.version == 2
    assert commodities.store[view.id].varieties[-1] == Variety("Bunny", "long staple")
    [event] = commodities.published
    assert isinstance(event, CommodityUpdatedV1)
    assert event.changed_fields == ("varieties",)
    assert event.varieties == ("Shankar-6", "DCH-32", "Bunny")
    assert event.version == 2


async def test_a_duplicate_variety_is_refused(commodities: FakeCommodities) -> None:
    view = await created(commodities)
    with pytest.raises(DuplicateVariety):
        await add_variety(AddVariety(CommodityId(view.id), Variety("dch-32")), commodities.uow())
    assert len(commodities.store[view.id].varieties) == 2
    assert commodities.published == []


async def test_an_inactive_commodity_gets_no_varieties(commodities: FakeCommodities) -> None:
    view = await created(commodities)
    await update_commodity(UpdateCommodity(CommodityId(view.id), 1, CommodityChanges(active=False)), commodities.uow())
    commodities.published.clear()

    with pytest.raises(CommodityInactive):
        await add_variety(AddVariety(CommodityId(view.id), Variety("Bunny")), commodities.uow())
    assert commodities.published == []


async def test_a_stale_expected_version_fails_the_precondition(commodities: FakeCommodities) -> None:
    view = await created(commodities)
    with pytest.raises(PreconditionFailed) as failed:
        await add_variety(AddVariety(CommodityId(view.id), Variety("Bunny"), expected_version=7), commodities.uow())
    assert failed.value.extra == {"current_version": 1}
    assert commodities.published == []
