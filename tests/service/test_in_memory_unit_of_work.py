"""The fake unit of work keeps the promises of the PostgreSQL one, so service tests can trust it."""

from __future__ import annotations

import pytest

from backend.core.errors import ConcurrencyConflict
from backend.modules.commodities.domain.commodity import Commodity, CommodityChanges
from backend.modules.commodities.domain.errors import DuplicateCommodityCode
from tests.fakes.commodities import FakeCommodities
from tests.fakes.commodity_definitions import cotton


async def stored(commodities: FakeCommodities) -> Commodity:
    commodity = Commodity.register(cotton())
    async with commodities.uow() as uow:
        await uow.commodities.add(commodity)
        await uow.commit()
    commodities.published.clear()
    return commodity


async def test_leaving_without_commit_discards_everything(commodities: FakeCommodities) -> None:
    async with commodities.uow() as uow:
        await uow.commodities.add(Commodity.register(cotton()))
        assert await uow.commodities.get_by_code("COTTON") is not None  # visible inside its own transaction
    assert commodities.store == {}
    assert commodities.published == []
    async with commodities.uow() as uow:
        assert await uow.commodities.get_by_code("COTTON") is None


async def test_an_error_inside_rolls_back(commodities: FakeCommodities) -> None:
    commodity = await stored(commodities)

    async def fail_after_saving() -> None:
        async with commodities.uow() as uow:
            loaded = await uow.commodities.get(commodity.id)
            assert loaded is not None
            loaded.revise(CommodityChanges(name="Kapas"))
            await uow.commodities.save(loaded)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await fail_after_saving()
    assert commodities.store[commodity.id].name == "Raw cotton"


async def test_reads_hand_out_fresh_copies(commodities: FakeCommodities) -> None:
    commodity = await stored(commodities)
    async with commodities.uow() as uow:
        first = await uow.commodities.get(commodity.id)
        second = await uow.commodities.get(commodity.id)
        assert first is not None
        assert second is not None
        assert first is not second
        first.revise(CommodityChanges(name="Kapas"))  # not saved
        assert second.name == "Raw cotton"
        assert (second.version, second.persisted_version, second.has_changes) == (1, 1, False)
    assert commodities.store[commodity.id].name == "Raw cotton"


async def test_a_stale_save_is_a_concurrency_conflict(commodities: FakeCommodities) -> None:
    commodity = await stored(commodities)
    async with commodities.uow() as slow:
        late = await slow.commodities.get(commodity.id)
        async with commodities.uow() as fast:
            early = await fast.commodities.get(commodity.id)
            assert early is not None
            early.revise(CommodityChanges(name="Kapas"))
            await fast.commodities.save(early)
            await fast.commit()
        assert late is not None
        late.revise(CommodityChanges(name="Lint"))
        with pytest.raises(ConcurrencyConflict):
            await slow.commodities.save(late)
    assert commodities.store[commodity.id].name == "Kapas"


async def test_interleaved_saves_conflict_at_the_second_commit(commodities: FakeCommodities) -> None:
    commodity = await stored(commodities)
    first, second = commodities.uow(), commodities.uow()
    async with first, second:
        a = await first.commodities.get(commodity.id)
        b = await second.commodities.get(commodity.id)
        assert a is not None
        assert b is not None
        a.revise(CommodityChanges(name="A"))
        b.revise(CommodityChanges(name="B"))
        await first.commodities.save(a)
        await second.commodities.save(b)
        await first.commit()
        with pytest.raises(ConcurrencyConflict):
            await second.commit()
    assert commodities.store[commodity.id].name == "A"
    assert len(commodities.published) == 1


async def test_a_taken_code_is_refused_by_add(commodities: FakeCommodities) -> None:
    await stored(commodities)
    async with commodities.uow() as uow:
        with pytest.raises(DuplicateCommodityCode):
            await uow.commodities.add(Commodity.register(cotton()))


async def test_a_unit_of_work_is_single_use(commodities: FakeCommodities) -> None:
    uow = commodities.uow()
    async with uow:
        await uow.commit()
        with pytest.raises(RuntimeError):
            await uow.commit()
    with pytest.raises(RuntimeError):
        async with uow:
            pass


async def test_stored_aggregates_carry_no_pending_events(commodities: FakeCommodities) -> None:
    commodity = await stored(commodities)
    async with commodities.uow() as uow:
        loaded = await uow.commodities.get(commodity.id)
        assert loaded is not None
        await uow.commit()
    assert commodities.published == []  # loading and committing must not republish the creation
