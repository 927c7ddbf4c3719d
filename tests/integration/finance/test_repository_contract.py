"""The receivable repository's contract, on the in-memory fake and on PostgreSQL alike."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from decimal import Decimal

import pytest

from backend.core.errors import ConcurrencyConflict
from backend.core.principal import Grant
from backend.core.reach import Reach
from backend.modules.finance.application.ports import PaymentRef, ReceivableFilter
from backend.modules.finance.domain.enums import ReceivableStatus
from backend.modules.finance.domain.receivable import NewPayment, Receivable
from tests.integration.finance.conftest import NOW, Storage, payment, receivable


async def _save(storage: Storage, changed: Receivable) -> None:
    async with storage.uow(changed.tenant_id) as uow:
        await uow.receivables.save(changed)
        await uow.commit()


async def _pay(storage: Storage, tenant: uuid.UUID, trade_id: uuid.UUID, new: NewPayment) -> None:
    async with storage.uow(tenant) as uow:
        loaded = await uow.receivables.get(trade_id, for_update=True)
        assert loaded is not None
        loaded.receive(new, NOW)
        await uow.receivables.save(loaded)
        await uow.commit()


async def test_a_receivable_and_its_payments_survive_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    opened = receivable(tenant, "105000.00", branch_id=uuid.uuid4())
    await storage.add(opened)
    async with storage.uow(tenant) as uow:
        loaded = await uow.receivables.get(opened.trade_id, for_update=True)
        assert loaded is not None
        first = loaded.receive(payment("40000.25", "chq-000123"), NOW)
        loaded.receive(payment("64999.75"), NOW)
        await uow.receivables.save(loaded)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        again = await uow.receivables.get(opened.trade_id, for_update=True)
        assert again is not None
        again.reverse(first.id, "cheque returned unpaid", uuid.uuid4(), NOW)
        await uow.receivables.save(again)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        stored = await uow.receivables.get(opened.trade_id)
    assert stored is not None
    assert asdict(stored) == asdict(again)
    assert (stored.status, stored.outstanding, stored.version, [p.reference for p in stored.payments]) == (
        ReceivableStatus.OPEN,
        Decimal("40000.25"),
        3,
        ["CHQ-000123", stored.payments[1].reference],
    )
    trade = str(opened.trade_id)
    assert await storage.published(tenant) == [
        ("finance.payment_received.v1", trade),
        ("finance.payment_received.v1", trade),
        ("finance.receivable_settled.v1", trade),
        ("finance.payment_reversed.v1", trade),
        ("finance.receivable_reopened.v1", trade),
    ]


async def test_one_receivable_per_trade_and_a_stale_save_is_refused(storage: Storage, tenant: uuid.UUID) -> None:
    opened = receivable(tenant)
    await storage.add(opened)
    with pytest.raises(ConcurrencyConflict):
        await storage.add(receivable(tenant, trade_id=opened.trade_id))
    async with storage.uow(tenant) as uow:
        stale = await uow.receivables.get(opened.trade_id)
    await _pay(storage, tenant, opened.trade_id, payment("10"))
    assert stale is not None
    stale.receive(payment("20"), NOW)
    with pytest.raises(ConcurrencyConflict):
        await _save(storage, stale)


async def test_a_reference_is_found_in_its_tenant_and_taken_once(storage: Storage, tenant: uuid.UUID) -> None:
    one, two = receivable(tenant), receivable(tenant)
    await storage.add(one)
    await storage.add(two)
    paid = payment("10", "UTR-42")
    await _pay(storage, tenant, one.trade_id, paid)
    async with storage.uow(tenant) as uow:
        assert await uow.receivables.with_reference("UTR-42") == PaymentRef(paid.id, one.trade_id)
        assert await uow.receivables.with_reference("UTR-43") is None
        assert await uow.receivables.of_payment(paid.id) == one.trade_id
        assert await uow.receivables.of_payment(uuid.uuid4()) is None
    async with storage.uow(uuid.uuid4()) as uow:  # another tenant
        assert await uow.receivables.with_reference("UTR-42") is None
        assert await uow.receivables.of_payment(paid.id) is None
        assert await uow.receivables.get(one.trade_id) is None
    with pytest.raises(ConcurrencyConflict):  # what the unique index refuses when two clerks race
        await _pay(storage, tenant, two.trade_id, payment("10", "UTR-42"))


async def test_a_partners_scope_sees_no_receivable(storage: Storage, tenant: uuid.UUID) -> None:
    opened = receivable(tenant)
    await storage.add(opened)
    async with storage.uow(tenant, opened.payer_partner_id) as uow:
        assert await uow.receivables.get(opened.trade_id) is None
        assert await uow.receivables.list(ReceivableFilter(limit=10)) == []


async def test_the_list_filters_and_pages_newest_first(storage: Storage, tenant: uuid.UUID) -> None:
    north, cotton = uuid.uuid4(), uuid.uuid4()
    payer = uuid.uuid4()
    opened = [
        receivable(
            tenant,
            "100",
            payer_partner_id=payer if i % 2 else uuid.uuid4(),
            branch_id=north if i < 2 else None,
            commodity_id=cotton if i in (1, 2) else None,
        )
        for i in range(4)
    ]
    for r in opened:
        r.opened_at = NOW.replace(microsecond=0) + (r.opened_at - r.opened_at)  # one instant: the id breaks ties
        await storage.add(r)
    await storage.add(receivable(uuid.uuid4()))  # another tenant's
    newest_first = sorted(opened, key=lambda r: r.trade_id, reverse=True)
    async with storage.uow(tenant) as uow:
        page = await uow.receivables.list(ReceivableFilter(limit=2))
        rest = await uow.receivables.list(ReceivableFilter(limit=5, after=(page[-1].opened_at, page[-1].trade_id)))
        mine = await uow.receivables.list(ReceivableFilter(limit=5, payer_partner_id=payer))
        northern = await uow.receivables.list(ReceivableFilter(limit=5, reach=Reach((Grant(frozenset({north})),))))
        in_cotton = await uow.receivables.list(
            ReceivableFilter(limit=5, reach=Reach((Grant(None, frozenset({cotton})),)))
        )
        nowhere = await uow.receivables.list(ReceivableFilter(limit=5, reach=Reach(())))
        settled = await uow.receivables.list(ReceivableFilter(limit=5, status=ReceivableStatus.SETTLED))
    assert [r.trade_id for r in (*page, *rest)] == [r.trade_id for r in newest_first]
    assert {r.trade_id for r in mine} == {opened[1].trade_id, opened[3].trade_id}
    assert {r.trade_id for r in northern} == {opened[0].trade_id, opened[1].trade_id}
    assert {r.trade_id for r in in_cotton} == {opened[1].trade_id, opened[2].trade_id}
    assert all(r.commodity_id == cotton for r in in_cotton)  # stored and read back
    assert (nowhere, settled) == ([], [])
