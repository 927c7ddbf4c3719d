"""UpdateCommodity: partial changes under an If-Match style version precondition."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.contracts.commodities.events import CommodityUpdatedV1
from backend.core.errors import PreconditionFailed
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.application.commands.update_commodity import UpdateCommodity, update_commodity
from backend.modules.commodities.application.views import CommodityView
from backend.modules.commodities.domain.commodity import CommodityChanges, CommodityId
from backend.modules.commodities.domain.errors import CommodityNotFound, InvalidCommodity
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import cotton, units


async def created(commodities: FakeCommodities) -> CommodityView:
    view = await create_commodity(CreateCommodity(cotton()), commodities.uow())
    commodities.published.clear()
    return view


async def test_update_publishes_the_changed_fields_and_the_new_state(commodities: FakeCommodities) -> None:
    view = await created(commodities)

    updated = await update_commodity(
        UpdateCommodity(
            CommodityId(view.id),
            expected_version=1,
            changes=CommodityChanges(gst_rate=Decimal("12"), units=units(("BALE", "170"), ("MT", "1000"))),
        ),
        commodities.uow(),
    )

    assert updated.version == 2
    assert updated.gst_rate == Decimal(12)
    assert commodities.store[view.id].version == 2
    [event] = commodities.published
    assert isinstance(event, CommodityUpdatedV1)
    assert event.wire_name == "commodities.commodity_updated.v1"
    assert event.changed_fields == ("gst_rate", "units")
    assert (event.commodity_id, event.version, event.gst_rate) == (view.id, 2, Decimal(12))
    assert [u.code for u in event.units] == ["KG", "BALE", "MT"]


async def test_a_stale_expected_version_fails_the_precondition(commodities: FakeCommodities) -> None:
    view = await created(commodities)
    await update_commodity(
        UpdateCommodity(CommodityId(view.id), 1, CommodityChanges(name="Cotton lint")), commodities.uow()
    )
    commodities.published.clear()

    with pytest.raises(PreconditionFailed) as failed:
        await update_commodity(
            UpdateCommodity(CommodityId(view.id), 1, CommodityChanges(name="Kapas")), commodities.uow()
        )

    assert failed.value.extra == {"current_version": 2}
    assert commodities.store[view.id].name == "Cotton lint"
    assert commodities.published == []


async def test_no_expected_version_means_any_version(commodities: FakeCommodities) -> None:
    view = await created(commodities)
    updated = await update_commodity(
        UpdateCommodity(CommodityId(view.id), None, CommodityChanges(name="Kapas")), commodities.uow()
    )
    assert (updated.name, updated.version) == ("Kapas", 2)


async def test_a_no_op_publishes_nothing_and_keeps_the_version(commodities: FakeCommodities) -> None:
    view = await created(commodities)

    result = await update_commodity(
        UpdateCommodity(CommodityId(view.id), 1, CommodityChanges(name="Raw cotton", gst_rate=Decimal("5.00"))),
        commodities.uow(),
    )

    assert result.version == 1
    assert commodities.store[view.id].version == 1
    assert commodities.published == []
    assert not commodities.uows[-1].committed


async def test_versions_step_by_one_per_update(commodities: FakeCommodities) -> None:
    view = await created(commodities)
    for version, name in enumerate(["A", "B", "C"], start=1):
        result = await update_commodity(
            UpdateCommodity(CommodityId(view.id), version, CommodityChanges(name=name)), commodities.uow()
        )
        assert result.version == version + 1
    assert [(e.wire_name, e.model_dump()["version"]) for e in commodities.published] == [
        ("commodities.commodity_updated.v1", 2),
        ("commodities.commodity_updated.v1", 3),
        ("commodities.commodity_updated.v1", 4),
    ]


async def test_an_invalid_change_stores_and_publishes_nothing(commodities: FakeCommodities) -> None:
    view = await created(commodities)
    with pytest.raises(InvalidCommodity):
        await update_commodity(
            UpdateCommodity(CommodityId(view.id), 1, CommodityChanges(name="Kapas", hsn_code="52")), commodities.uow()
        )
    assert commodities.store[view.id].name == "Raw cotton"
    assert commodities.published == []


async def test_updating_an_unknown_commodity_is_not_found(commodities: FakeCommodities) -> None:
    with pytest.raises(CommodityNotFound):
        await update_commodity(
            UpdateCommodity(CommodityId(uuid.uuid4()), None, CommodityChanges(name="Kapas")), commodities.uow()
        )
