"""The risk repositories' contract, on the in-memory fake and on PostgreSQL alike."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from decimal import Decimal

import pytest

from backend.core.errors import ConcurrencyConflict
from backend.core.principal import Grant
from backend.core.reach import Reach
from backend.modules.risk.application.ports import PositionFilter
from backend.modules.risk.application.trade_records import TradeRecord
from backend.modules.risk.domain.circular import OpenActivity
from backend.modules.risk.domain.credit import CreditLimit
from backend.modules.risk.domain.enums import ActivityKind, Band, Side
from tests.integration.risk.conftest import Storage

CHECKER = uuid.uuid4()


def _limit(tenant: uuid.UUID, amount: str | None = "1000000") -> CreditLimit:
    return CreditLimit.on_partner_approved(
        tenant_id=tenant, partner_id=uuid.uuid4(), recommended=None if amount is None else Decimal(amount)
    )


async def _add(storage: Storage, limit: CreditLimit) -> None:
    async with storage.uow(limit.tenant_id) as uow:
        await uow.credit_limits.add(limit)
        await uow.commit()


async def test_a_limit_and_its_history_survive_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    limit = _limit(tenant)
    maker = uuid.uuid4()
    await _add(storage, limit)
    async with storage.uow(tenant) as uow:
        loaded = await uow.credit_limits.get(limit.partner_id, for_update=True)
        assert loaded is not None
        loaded.request_change(Decimal("2000000.50"), maker, "season")
        await uow.credit_limits.save(loaded)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        again = await uow.credit_limits.get(limit.partner_id, for_update=True)
        assert again is not None
        again.approve_change(CHECKER)
        await uow.credit_limits.save(again)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        stored = await uow.credit_limits.get(limit.partner_id)
    assert stored is not None
    assert asdict(stored) == asdict(again)
    assert (stored.amount, stored.version, [c.status.value for c in stored.history]) == (
        Decimal("2000000.50"),
        3,
        ["approved", "approved"],
    )
    assert [name for name, _ in await storage.published()] == [
        "risk.credit_limit_changed.v1",
        "risk.credit_limit_change_requested.v1",
        "risk.credit_limit_changed.v1",
    ]


async def test_one_limit_per_partner_and_a_stale_save_is_refused(storage: Storage, tenant: uuid.UUID) -> None:
    limit = _limit(tenant, None)
    await _add(storage, limit)
    twin = CreditLimit.on_partner_approved(tenant_id=tenant, partner_id=limit.partner_id, recommended=None)
    with pytest.raises(ConcurrencyConflict):
        await _add(storage, twin)

    async with storage.uow(tenant) as uow:
        stale = await uow.credit_limits.get(limit.partner_id)
    async with storage.uow(tenant) as uow:
        fresh = await uow.credit_limits.get(limit.partner_id)
        assert fresh is not None
        fresh.request_change(Decimal(5), uuid.uuid4(), "first")
        await uow.credit_limits.save(fresh)
        await uow.commit()
    assert stale is not None
    stale.request_change(Decimal(6), uuid.uuid4(), "second")
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict):
            await uow.credit_limits.save(stale)


async def test_changes_without_commit_are_discarded(storage: Storage, tenant: uuid.UUID) -> None:
    limit = _limit(tenant)
    async with storage.uow(tenant) as uow:
        await uow.credit_limits.add(limit)
        await uow.exposures.locked(limit.partner_id, "INR")
    async with storage.uow(tenant) as uow:
        assert await uow.credit_limits.get(limit.partner_id) is None
        assert await uow.exposures.of_partner(limit.partner_id) == []


async def test_exposure_trades_are_stored_as_they_change(storage: Storage, tenant: uuid.UUID) -> None:
    partner, kept, paid, closed = (uuid.uuid4() for _ in range(4))
    async with storage.uow(tenant) as uow:
        exposure = await uow.exposures.locked(partner, "INR")
        assert (exposure.amount, exposure.band, exposure.version) == (Decimal(0), Band.GREEN, 1)
        for trade in (kept, paid, closed):
            exposure.open_trade(trade, Decimal("100.10"))
        exposure.refresh_band(Decimal(500))
        await uow.exposures.save(exposure)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        exposure = await uow.exposures.locked(partner, "INR")
        exposure.record_payment(paid, Decimal("40"))
        exposure.close_trade(closed)
        await uow.exposures.save(exposure)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        stored = await uow.exposures.get(partner, "INR")
        assert await uow.exposures.get(partner, "USD") is None
    assert stored is not None
    assert (stored.amount, stored.band, stored.version) == (Decimal("160.20"), Band.YELLOW, 3)
    assert {t: (o.amount, o.paid) for t, o in stored.trades.items()} == {
        kept: (Decimal("100.10"), 0),
        paid: (Decimal("100.10"), Decimal(40)),
    }
    assert [name for name, _ in await storage.published()] == ["risk.utilization_band_crossed.v1"]


async def test_a_partner_scope_sees_its_own_partner_only(storage: Storage, tenant: uuid.UUID) -> None:
    mine, theirs = _limit(tenant), _limit(tenant)
    await _add(storage, mine)
    await _add(storage, theirs)
    async with storage.uow(tenant, mine.partner_id) as uow:
        assert await uow.credit_limits.get(mine.partner_id) is not None
        assert await uow.credit_limits.get(theirs.partner_id) is None
    async with storage.uow(uuid.uuid4()) as uow:
        assert await uow.credit_limits.get(mine.partner_id) is None


async def test_positions_open_once_and_list_by_filter(storage: Storage, tenant: uuid.UUID) -> None:
    cotton, wheat, rajkot, surat = (uuid.uuid4() for _ in range(4))
    keys = [(rajkot, cotton), (surat, cotton), (None, wheat), (rajkot, wheat)]
    async with storage.uow(tenant) as uow:
        for branch, commodity in keys:
            position = await uow.positions.locked(branch, commodity, "INR", "KG")
            position.apply_trade(Side.BUY, Decimal("170"), Decimal("10200.50"))
            await uow.positions.save(position)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        again = await uow.positions.locked(None, wheat, "INR", "KG")  # the existing one, not a second
        assert (again.long_quantity, again.long_value, again.version) == (Decimal(170), Decimal("10200.50"), 2)
        every = await uow.positions.list(PositionFilter(limit=10))
        assert sorted(p.id for p in every) == [p.id for p in every]  # id order: stable keyset pages
        assert {(p.branch_id, p.commodity_id) for p in every} == set(keys)
        assert len(await uow.positions.list(PositionFilter(limit=10, commodity_id=cotton))) == 2
        assert len(await uow.positions.list(PositionFilter(limit=10, branch_id=rajkot))) == 2
        in_surat = Reach((Grant(branches=frozenset({surat})),))
        assert [p.branch_id for p in await uow.positions.list(PositionFilter(limit=10, reach=in_surat))] == [surat]
        wheat_only = Reach((Grant(commodities=frozenset({wheat})),))
        assert {p.commodity_id for p in await uow.positions.list(PositionFilter(limit=10, reach=wheat_only))} == {wheat}
        assert await uow.positions.list(PositionFilter(limit=10, reach=Reach(()))) == []
        after = await uow.positions.list(PositionFilter(limit=2, after=every[1].id))
        assert [p.id for p in after] == [every[2].id, every[3].id]
    async with storage.uow(tenant, uuid.uuid4()) as uow:
        assert await uow.positions.list(PositionFilter(limit=10)) == []  # the tenant's book, not a partner's


async def test_trade_records_tell_the_unsettled_sides(storage: Storage, tenant: uuid.UUID) -> None:
    trader, other, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    def record(buyer: uuid.UUID, seller: uuid.UUID, number: str) -> TradeRecord:
        return TradeRecord(
            uuid.uuid4(), tenant, number, buyer, seller, cotton, None, None, Decimal(1), "KG", Decimal(1), "INR",
            Decimal(1), Decimal(0),
        )  # fmt: skip

    bought, sold = record(trader, other, "TR-2026-000001"), record(other, trader, "TR-2026-000002")
    async with storage.uow(tenant) as uow:
        await uow.trades.add(bought)
        await uow.trades.add(sold)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        cancelled = await uow.trades.get(sold.trade_id, for_update=True)
        assert cancelled is not None
        cancelled.cancel()
        await uow.trades.save(cancelled)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        activity = await uow.trades.open_activity(trader)
        both = await uow.trades.open_activities([trader, other, cotton])
        stored = await uow.trades.get(sold.trade_id)
    assert both == {
        trader: activity,
        other: [OpenActivity(cotton, Side.SELL, ActivityKind.TRADE, "TR-2026-000001")],
        cotton: [],
    }
    assert [(a.side, a.kind, a.reference) for a in activity] == [(Side.BUY, ActivityKind.TRADE, "TR-2026-000001")]
    assert stored is not None
    assert not stored.open
    assert stored.closed_at is not None
    async with storage.uow(tenant, uuid.uuid4()) as uow:
        assert await uow.trades.get(bought.trade_id) is None
    async with storage.uow(tenant, other) as uow:
        assert await uow.trades.get(bought.trade_id) is not None
