"""Recording and reversing payments through the use cases: what is stored, what is published, and
who may do it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from backend.contracts.finance.events import PaymentReceivedV1, PaymentReversedV1, ReceivableSettledV1
from backend.core.clock import utc_now
from backend.core.errors import ConcurrencyConflict, Forbidden, MakerCheckerViolation
from backend.modules.finance.application.commands.reverse_payment import ReversePayment, reverse_payment
from backend.modules.finance.application.queries.get_receivable import GetReceivable, get_receivable
from backend.modules.finance.application.queries.list_receivables import ListReceivables, list_receivables
from backend.modules.finance.domain.enums import PaymentMethod
from backend.modules.finance.domain.errors import (
    DuplicatePaymentReference,
    InvalidFinanceInput,
    PaymentAlreadyReversed,
    PaymentExceedsOutstanding,
    PaymentNotFound,
    ReceivableCancelled,
    ReceivableNotFound,
)
from backend.modules.finance.domain.receivable import NewPayment
from tests.fakes.finance import finance_partner_user, finance_staff
from tests.fakes.risk_events import trade_cancelled
from tests.service.finance.conftest import TODAY, Books


async def test_a_payment_is_stored_and_published_with_what_is_still_owed(books: Books) -> None:
    confirmed = await books.trade(amount="100000", gst="5000")
    clerk = books.clerk()
    outcome = await books.pay(confirmed.trade_id, "40000.50", clerk, reference=" hdfcn5202611 ", method="rtgs")
    assert (outcome.payment.reference, outcome.payment.method, outcome.payment.recorded_by) == (
        "HDFCN5202611",
        "rtgs",
        clerk.user_id,
    )
    assert (outcome.receivable.outstanding, outcome.receivable.status) == (Decimal("64999.50"), "open")
    [event] = books.finance.published
    assert isinstance(event, PaymentReceivedV1)
    assert (event.trade_id, event.payer_partner_id, event.payment_id, event.amount, event.outstanding_after) == (
        confirmed.trade_id,
        confirmed.buyer_partner_id,
        outcome.payment.id,
        Decimal("40000.50"),
        Decimal("64999.50"),
    )
    view = await get_receivable(GetReceivable(confirmed.trade_id), clerk, books.ctx)
    assert [p.id for p in view.payments] == [outcome.payment.id]


async def test_the_last_payment_settles_and_a_reversal_by_someone_else_reopens(books: Books) -> None:
    confirmed = await books.trade(amount="1000", gst="50")
    maker, checker = books.clerk(), books.clerk()
    paid = await books.pay(confirmed.trade_id, "1050", maker)
    assert paid.receivable.status == "settled"
    assert isinstance(books.finance.published[-1], ReceivableSettledV1)

    with pytest.raises(MakerCheckerViolation):
        await reverse_payment(ReversePayment(paid.payment.id, "bounced"), maker, books.ctx)
    reversed_ = await reverse_payment(ReversePayment(paid.payment.id, "cheque returned"), checker, books.ctx)
    assert (reversed_.payment.reversed, reversed_.payment.reversed_by) == (True, checker.user_id)
    assert (reversed_.receivable.status, reversed_.receivable.outstanding) == ("open", Decimal("1050"))
    assert books.finance.wire_names()[-2:] == ["finance.payment_reversed.v1", "finance.receivable_reopened.v1"]
    assert isinstance(books.finance.published[-2], PaymentReversedV1)
    with pytest.raises(PaymentAlreadyReversed):
        await reverse_payment(ReversePayment(paid.payment.id, "again"), checker, books.ctx)
    with pytest.raises(PaymentNotFound):
        await reverse_payment(ReversePayment(uuid.uuid4(), "unknown"), checker, books.ctx)


async def test_a_reference_is_unique_in_the_tenant_and_the_refusal_names_the_holder(books: Books) -> None:
    first, second = await books.trade(), await books.trade()
    recorded = await books.pay(first.trade_id, "100", reference="UTR-1")
    with pytest.raises(DuplicatePaymentReference) as refused:
        await books.pay(second.trade_id, "100", reference=" utr-1")
    assert refused.value.extra == {
        "reference": "UTR-1",
        "payment_id": str(recorded.payment.id),
        "trade_id": str(first.trade_id),
    }
    other = Books(uuid.uuid4(), finance=books.finance)  # another tenant, the same storage
    elsewhere = await other.trade()
    await other.pay(elsewhere.trade_id, "100", reference="UTR-1")


async def test_refusals_write_nothing(books: Books) -> None:
    confirmed = await books.trade(amount="1000", gst="0")
    with pytest.raises(PaymentExceedsOutstanding):
        await books.pay(confirmed.trade_id, "1000.01")
    with pytest.raises(InvalidFinanceInput) as invalid:
        await books.pay(confirmed.trade_id, "10", method="barter", received_on=TODAY + timedelta(days=2))
    assert {e.field for e in invalid.value.errors} == {"method"}  # the method is read first
    with pytest.raises(InvalidFinanceInput) as invalid:
        await books.pay(confirmed.trade_id, "10", currency="USD", received_on=TODAY + timedelta(days=2))
    assert {e.field for e in invalid.value.errors} == {"currency", "received_on"}
    with pytest.raises(ReceivableNotFound):
        await books.pay(uuid.uuid4(), "10")
    await books.deliver(trade_cancelled(confirmed))
    with pytest.raises(ReceivableCancelled):
        await books.pay(confirmed.trade_id, "10")
    assert books.finance.receivables[confirmed.trade_id].payments == []
    assert books.finance.published == []


async def test_partners_other_tenants_and_other_branches_see_nothing(books: Books) -> None:
    north, south = uuid.uuid4(), uuid.uuid4()
    in_north = await books.trade(branch_id=north)
    at_tenant_level = await books.trade()
    with pytest.raises(Forbidden):
        await get_receivable(
            GetReceivable(in_north.trade_id), finance_partner_user(books.tenant, uuid.uuid4()), books.ctx
        )
    with pytest.raises(ReceivableNotFound):
        await get_receivable(GetReceivable(in_north.trade_id), finance_staff(uuid.uuid4()), books.ctx)
    southern = finance_staff(books.tenant, branches=frozenset({south}))
    for trade_id in (in_north.trade_id, at_tenant_level.trade_id):
        with pytest.raises(ReceivableNotFound):
            await get_receivable(GetReceivable(trade_id), southern, books.ctx)
        with pytest.raises(ReceivableNotFound):
            await books.pay(trade_id, "10", southern)
    northern = finance_staff(books.tenant, branches=frozenset({north}))
    page = await list_receivables(ListReceivables(10), northern, books.ctx)
    assert [r.trade_id for r in page.items] == [in_north.trade_id]
    paid = await books.pay(in_north.trade_id, "10", northern)
    with pytest.raises(PaymentNotFound):
        await reverse_payment(ReversePayment(paid.payment.id, "wrong credit"), southern, books.ctx)


async def test_the_list_pages_newest_first_with_filters(books: Books) -> None:
    buyer = uuid.uuid4()
    trades = [await books.trade(buyer=buyer if i % 2 else uuid.uuid4(), amount="100", gst="0") for i in range(5)]
    await books.pay(trades[1].trade_id, "100")
    clerk = books.clerk("finance.read")
    first = await list_receivables(ListReceivables(3), clerk, books.ctx)
    assert first.next_after is not None
    rest = await list_receivables(ListReceivables(3, first.next_after), clerk, books.ctx)
    assert rest.next_after is None
    listed = [r.trade_id for r in (*first.items, *rest.items)]
    assert listed == [t.trade_id for t in reversed(trades)]
    mine = await list_receivables(ListReceivables(10, payer_partner_id=buyer), clerk, books.ctx)
    assert [r.trade_id for r in mine.items] == [trades[3].trade_id, trades[1].trade_id]
    settled = await list_receivables(ListReceivables(10, status="settled"), clerk, books.ctx)
    assert [r.trade_id for r in settled.items] == [trades[1].trade_id]
    with pytest.raises(InvalidFinanceInput):
        await list_receivables(ListReceivables(10, status="paid"), clerk, books.ctx)


async def test_two_clerks_paying_one_receivable_at_once_cannot_both_win(books: Books) -> None:
    confirmed = await books.trade(amount="1000", gst="0")
    async with books.finance.uow(books.clerk().data_scope) as racing:
        receivable = await racing.receivables.get(confirmed.trade_id)
        assert receivable is not None
        await books.pay(confirmed.trade_id, "600")  # commits first
        late = NewPayment(uuid.uuid4(), Decimal("600"), "INR", TODAY, PaymentMethod.UPI, "UPI-RACE", uuid.uuid4())
        receivable.receive(late, utc_now())
        with pytest.raises(ConcurrencyConflict):  # as the SQL update finds the version moved on
            await racing.receivables.save(receivable)
    assert books.finance.receivables[confirmed.trade_id].paid == Decimal("600")
