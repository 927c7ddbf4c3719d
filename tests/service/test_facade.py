"""The facade other contexts use answers in contract DTOs only."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.contracts.commodities.queries import (
    CommodityFacade,
    CommodityRef,
    ConvertedQuantity,
    QualityCheckResult,
    QualityParameterResult,
    UnitFactor,
)
from backend.core.errors import NotFound
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.application.facade import CommodityFacadeService
from backend.modules.commodities.application.views import CommodityView
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import cotton


@pytest.fixture
def facade(commodities: FakeCommodities) -> CommodityFacade:
    return CommodityFacadeService(commodities.uow)


async def created(commodities: FakeCommodities) -> CommodityView:
    return await create_commodity(CreateCommodity(cotton()), commodities.uow())


async def test_get_commodity_returns_a_ref(commodities: FakeCommodities, facade: CommodityFacade) -> None:
    view = await created(commodities)

    ref = await facade.get_commodity(view.id)

    assert ref == CommodityRef(
        id=view.id,
        code="COTTON",
        name="Raw cotton",
        category="fibre",
        hsn_code="5201",
        gst_rate=Decimal(5),
        base_unit="KG",
        units=(
            UnitFactor("KG", Decimal(1)),
            UnitFactor("BALE", Decimal(170)),
            UnitFactor("CANDY", Decimal("355.56")),
            UnitFactor("QUINTAL", Decimal(100)),
        ),
        varieties=("Shankar-6", "DCH-32"),
        active=True,
        version=1,
        quality_parameters=ref.quality_parameters,
    )
    assert {p.name for p in ref.quality_parameters} == {"staple_length", "strength", "moisture", "colour_grade"}
    assert await facade.get_commodity_by_code("cotton") == ref


async def test_unknown_commodities_raise_not_found(facade: CommodityFacade) -> None:
    with pytest.raises(NotFound):
        await facade.get_commodity(uuid.uuid4())
    with pytest.raises(NotFound):
        await facade.get_commodity_by_code("GOLD")


async def test_convert(commodities: FakeCommodities, facade: CommodityFacade) -> None:
    view = await created(commodities)
    assert await facade.convert(view.id, Decimal(2), "candy", "kg") == ConvertedQuantity(Decimal("711.12"), "KG", True)
    assert await facade.convert(view.id, Decimal(1), "KG", "CANDY") == ConvertedQuantity(
        Decimal("0.002812464844"), "CANDY", False
    )


async def test_check_quality_describes_values_as_text(commodities: FakeCommodities, facade: CommodityFacade) -> None:
    view = await created(commodities)

    result = await facade.check_quality(
        view.id, {"staple_length": "28.50-29.0", "strength": "30", "moisture": "9", "colour_grade": "white"}
    )

    assert result == QualityCheckResult(
        passed=False,
        results=(
            QualityParameterResult("staple_length", "28.50-29.0", True, None),
            QualityParameterResult("strength", "30", True, None),
            QualityParameterResult("moisture", "9", False, "moisture 9 % is above the maximum 8.5 %"),
            QualityParameterResult("colour_grade", "white", True, None),
        ),
    )


async def test_a_missing_mandatory_value_is_reported_without_a_value(
    commodities: FakeCommodities, facade: CommodityFacade
) -> None:
    view = await created(commodities)
    result = await facade.check_quality(view.id, {"staple_length": "29", "strength": "30"})
    assert result.results[-1] == QualityParameterResult("moisture", None, False, "moisture is mandatory and missing")
