"""Seeding the reference catalogue is idempotent."""

from __future__ import annotations

from backend.modules.commodities.application.commands.seed_commodities import SeedResult, seed_commodities
from backend.modules.commodities.infrastructure.seed_catalogue import CATALOGUE
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import plain

CODES = ("COTTON", "SUGAR", "SOYBEAN", "COPPER")


async def test_seed_creates_the_catalogue_once(commodities: FakeCommodities) -> None:
    first = await seed_commodities(CATALOGUE, commodities.uow)
    assert first == SeedResult(created=CODES, skipped=())
    assert sorted(c.code for c in commodities.store.values()) == sorted(CODES)
    assert commodities.wire_names() == ["commodities.commodity_created.v1"] * 4

    second = await seed_commodities(CATALOGUE, commodities.uow)
    assert second == SeedResult(created=(), skipped=CODES)
    assert len(commodities.store) == 4
    assert len(commodities.published) == 4


async def test_seed_adds_only_what_is_missing(commodities: FakeCommodities) -> None:
    await seed_commodities([plain("sugar")], commodities.uow)
    result = await seed_commodities(CATALOGUE, commodities.uow)
    assert result == SeedResult(created=("COTTON", "SOYBEAN", "COPPER"), skipped=("SUGAR",))
    assert (
        commodities.store[next(i for i, c in commodities.store.items() if c.code == "SUGAR")].name == "Commodity sugar"
    )
