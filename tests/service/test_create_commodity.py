"""CreateCommodity: stores the aggregate and publishes one commodity_created.v1 with its snapshot."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.contracts.commodities.events import CommodityCreatedV1, UnitFactorV1
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.domain.commodity import Variety
from backend.modules.commodities.domain.errors import DuplicateCommodityCode, InvalidCommodity
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import cotton


async def test_create_stores_the_commodity_and_publishes_its_snapshot(commodities: FakeCommodities) -> None:
    view = await create_commodity(CreateCommodity(cotton(code="cotton")), commodities.uow())

    assert view.code == "COTTON"
    assert view.version == 1
    assert [u.code for u in view.units] == ["KG", "BALE", "CANDY", "QUINTAL"]
    assert [q.name for q in view.quality_parameters] == ["staple_length", "strength", "moisture", "colour_grade"]
    assert commodities.uows[0].committed

    [stored] = commodities.store.values()
    assert (stored.id, stored.code, stored.version) == (view.id, "COTTON", 1)

    [event] = commodities.published
    assert isinstance(event, CommodityCreatedV1)
    assert event.wire_name == "commodities.commodity_created.v1"
    assert event.model_dump(exclude={"event_id", "occurred_at"}) == CommodityCreatedV1(
        commodity_id=view.id,
        code="COTTON",
        name="Raw cotton",
        category="fibre",
        hsn_code="5201",
        gst_rate=Decimal(5),
        base_unit="KG",
        units=(
            UnitFactorV1(code="KG", factor=Decimal(1)),
            UnitFactorV1(code="BALE", factor=Decimal(170)),
            UnitFactorV1(code="CANDY", factor=Decimal("355.56")),
            UnitFactorV1(code="QUINTAL", factor=Decimal(100)),
        ),
        varieties=("Shankar-6", "DCH-32"),
        active=True,
        version=1,
    ).model_dump(exclude={"event_id", "occurred_at"})
    assert event.aggregate_id == str(view.id)
    assert event.occurred_at == view.created_at


async def test_a_taken_code_is_refused_and_nothing_is_published(commodities: FakeCommodities) -> None:
    await create_commodity(CreateCommodity(cotton()), commodities.uow())
    published = list(commodities.published)

    with pytest.raises(DuplicateCommodityCode) as duplicate:
        await create_commodity(CreateCommodity(cotton(code=" Cotton ", name="Another cotton")), commodities.uow())

    assert duplicate.value.extra == {"commodity_code": "COTTON"}
    assert commodities.published == published
    assert len(commodities.store) == 1
    assert not commodities.uows[-1].committed


async def test_an_invalid_definition_stores_and_publishes_nothing(commodities: FakeCommodities) -> None:
    with pytest.raises(InvalidCommodity):
        await create_commodity(CreateCommodity(cotton(varieties=(Variety("J-34"), Variety("j-34")))), commodities.uow())
    assert commodities.store == {}
    assert commodities.published == []
