"""Read use cases: get, list (keyset pages), convert and check quality. They never publish."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.application.commands.update_commodity import UpdateCommodity, update_commodity
from backend.modules.commodities.application.queries.check_quality import CheckQuality, check_quality
from backend.modules.commodities.application.queries.convert_quantity import ConvertQuantity, convert_quantity
from backend.modules.commodities.application.queries.get_commodity import (
    GetCommodity,
    GetCommodityByCode,
    get_commodity,
    get_commodity_by_code,
)
from backend.modules.commodities.application.queries.list_commodities import ListCommodities, list_commodities
from backend.modules.commodities.domain.commodity import CommodityCategory, CommodityChanges, CommodityId
from backend.modules.commodities.domain.errors import CommodityNotFound, UnknownUnit
from backend.modules.commodities.domain.quality import MeasuredRange, QualityValue
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import cotton, plain


async def seed(commodities: FakeCommodities, *codes: str) -> None:
    for code in codes:
        await create_commodity(CreateCommodity(plain(code)), commodities.uow())
    commodities.published.clear()


async def pages(commodities: FakeCommodities, limit: int, **filters: object) -> list[tuple[list[str], str | None]]:
    result: list[tuple[list[str], str | None]] = []
    after: str | None = None
    while True:
        page = await list_commodities(ListCommodities(limit, after, **filters), commodities.uow())  # type: ignore[arg-type]
        result.append(([item.code for item in page.items], page.next_after_code))
        if page.next_after_code is None:
            return result
        after = page.next_after_code


async def test_list_pages_through_codes_in_order(commodities: FakeCommodities) -> None:
    await seed(commodities, "SUGAR", "COTTON", "WHEAT", "COPPER", "SOYBEAN")

    assert await pages(commodities, 2) == [
        (["COPPER", "COTTON"], "COTTON"),
        (["SOYBEAN", "SUGAR"], "SUGAR"),
        (["WHEAT"], None),
    ]


async def test_a_full_last_page_has_no_next_page(commodities: FakeCommodities) -> None:
    await seed(commodities, "AA", "BB", "CC", "DD")
    assert await pages(commodities, 2) == [(["AA", "BB"], "BB"), (["CC", "DD"], None)]
    assert await pages(commodities, 4) == [(["AA", "BB", "CC", "DD"], None)]


async def test_an_empty_master_is_one_empty_page(commodities: FakeCommodities) -> None:
    assert await pages(commodities, 10) == [([], None)]


async def test_list_filters_by_category_and_active(commodities: FakeCommodities) -> None:
    await seed(commodities, "BARLEY", "MAIZE", "WHEAT")
    await create_commodity(CreateCommodity(cotton()), commodities.uow())
    maize = await get_commodity_by_code(GetCommodityByCode("MAIZE"), commodities.uow())
    await update_commodity(UpdateCommodity(CommodityId(maize.id), 1, CommodityChanges(active=False)), commodities.uow())

    assert await pages(commodities, 1, category=CommodityCategory.GRAINS, active=True) == [
        (["BARLEY"], "BARLEY"),
        (["WHEAT"], None),
    ]
    assert await pages(commodities, 10, category=CommodityCategory.FIBRE) == [(["COTTON"], None)]
    assert await pages(commodities, 10, active=False) == [(["MAIZE"], None)]


async def test_get_by_id_and_by_code(commodities: FakeCommodities) -> None:
    created = await create_commodity(CreateCommodity(cotton()), commodities.uow())

    by_id = await get_commodity(GetCommodity(CommodityId(created.id)), commodities.uow())
    by_code = await get_commodity_by_code(GetCommodityByCode(" cotton "), commodities.uow())

    assert by_id == by_code == created


async def test_unknown_commodities_are_not_found(commodities: FakeCommodities) -> None:
    with pytest.raises(CommodityNotFound):
        await get_commodity(GetCommodity(CommodityId(uuid.uuid4())), commodities.uow())
    with pytest.raises(CommodityNotFound, match="with code GOLD"):
        await get_commodity_by_code(GetCommodityByCode("GOLD"), commodities.uow())


async def test_convert_quantity(commodities: FakeCommodities) -> None:
    created = await create_commodity(CreateCommodity(cotton()), commodities.uow())

    candies = await convert_quantity(
        ConvertQuantity(CommodityId(created.id), Decimal("711.12"), "kg", "candy"), commodities.uow()
    )
    kilograms = await convert_quantity(
        ConvertQuantity(CommodityId(created.id), Decimal(1), "KG", "CANDY"), commodities.uow()
    )

    assert (candies.quantity, candies.unit, candies.exact) == (Decimal(2), "CANDY", True)
    assert (kilograms.quantity, kilograms.exact) == (Decimal("0.002812464844"), False)
    with pytest.raises(UnknownUnit):
        await convert_quantity(ConvertQuantity(CommodityId(created.id), Decimal(1), "KG", "LB"), commodities.uow())
    with pytest.raises(CommodityNotFound):
        await convert_quantity(ConvertQuantity(CommodityId(uuid.uuid4()), Decimal(1), "KG", "KG"), commodities.uow())


async def test_check_quality(commodities: FakeCommodities) -> None:
    created = await create_commodity(CreateCommodity(cotton()), commodities.uow())
    values: dict[str, QualityValue] = {
        "staple_length": MeasuredRange(Decimal(28), Decimal(29)),
        "strength": "23",
        "moisture": Decimal(8),
    }

    report = await check_quality(CheckQuality(CommodityId(created.id), values), commodities.uow())

    assert not report.passed
    assert [(r.parameter, r.passed) for r in report.results] == [
        ("staple_length", True),
        ("strength", False),
        ("moisture", True),
    ]
    assert report.results[1].reason == "strength 23 g/tex is below the minimum 24 g/tex"


async def test_queries_publish_and_commit_nothing(commodities: FakeCommodities) -> None:
    created = await create_commodity(CreateCommodity(cotton()), commodities.uow())
    commodities.published.clear()
    before = len(commodities.uows)

    await get_commodity(GetCommodity(CommodityId(created.id)), commodities.uow())
    await list_commodities(ListCommodities(10), commodities.uow())
    await convert_quantity(ConvertQuantity(CommodityId(created.id), Decimal(1), "BALE", "KG"), commodities.uow())
    await check_quality(CheckQuality(CommodityId(created.id), {}), commodities.uow())

    assert commodities.published == []
    assert not any(uow.committed for uow in commodities.uows[before:])
    assert commodities.store[created.id].version == 1
