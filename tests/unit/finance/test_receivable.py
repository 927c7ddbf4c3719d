"""The receivable: exact outstanding, payments within it, reversals once, amendments and cancellation."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.modules.finance.domain import events as ev
from backend.modules.finance.domain.enums import PaymentMethod, ReceivableStatus
from backend.modules.finance.domain.errors import (
    InvalidFinanceInput,
    PaymentAlreadyReversed,
    PaymentExceedsOutstanding,
    ReceivableCancelled,
)
from backend.modules.finance.domain.money import from_minor
from backend.modules.finance.domain.policies import latest_received_on
from backend.modules.finance.domain.receivable import NewPayment, Receivable

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
CLERK = uuid.UUID(int=7)


def receivable(invoice: str = "105000.00", currency: str = "INR") -> Receivable:
    return Receivable.open(
        trade_id=uuid.UUID(int=1),
        tenant_id=uuid.UUID(int=2),
        trade_number="TR-2026-000001",
        payer_partner_id=uuid.UUID(int=3),
        seller_partner_id=uuid.UUID(int=4),
        branch_id=None,
        currency=currency,
        invoice_amount=Decimal(invoice),
        now=NOW,
    )


def payment(amount: str, reference: str | None = None, **overrides: object) -> NewPayment:
    fields: dict[str, object] = {
        "id": uuid.uuid4(),
        "amount": Decimal(amount),
        "currency": "INR",
        "received_on": TODAY,
        "method": PaymentMethod.NEFT,
        "reference": reference or f"utr{uuid.uuid4().hex[:12]}",
        "recorded_by": CLERK,
    }
    return NewPayment(**{**fields, **overrides})  # type: ignore[arg-type]


def names(r: Receivable) -> list[str]:
    return [type(e).__name__ for e in r.pull_events()]


def test_payments_lower_the_outstanding_to_the_paisa_and_the_last_settles() -> None:
    r = receivable("105000.00")
    assert (r.status, r.outstanding, names(r)) == (ReceivableStatus.OPEN, Decimal("105000.00"), [])
    first = r.receive(payment("40000.25", " hdfc-001 "), NOW)
    assert first.reference == "HDFC-001"  # stored upper case without outer spaces
    assert (r.outstanding, r.paid, r.status) == (Decimal("64999.75"), Decimal("40000.25"), ReceivableStatus.OPEN)
    [received] = r.pull_events()
    assert isinstance(received, ev.PaymentReceived)
    assert (received.amount, received.outstanding_after) == (Decimal("40000.25"), Decimal("64999.75"))

    last = r.receive(payment("64999.75"), NOW)
    assert (r.outstanding, r.status, r.settled_at) == (0, ReceivableStatus.SETTLED, NOW)
    received, settled = r.pull_events()
    assert isinstance(received, ev.PaymentReceived)
    assert received.outstanding_after == 0
    assert isinstance(settled, ev.ReceivableSettled)
    assert (settled.payment_id, settled.paid, settled.credit) == (last.id, Decimal("105000.00"), 0)


def test_one_paisa_over_the_outstanding_is_refused_naming_both() -> None:
    r = receivable("1000.00")
    with pytest.raises(PaymentExceedsOutstanding) as refused:
        r.receive(payment("1000.01"), NOW)
    assert isinstance(refused.value, ValidationFailed)  # 422
    assert refused.value.extra == {
        "trade_id": str(r.trade_id),
        "outstanding": "1000",
        "amount": "1000.01",
        "currency": "INR",
    }
    assert (r.payments, names(r)) == ([], [])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "10.001"}, "amount"),
        ({"currency": "USD"}, "currency"),
        ({"reference": "  "}, "reference"),
        ({"reference": "UTR 12"}, "reference"),
        ({"reference": "X" * 65}, "reference"),
        ({"received_on": latest_received_on(NOW) + timedelta(days=1)}, "received_on"),
    ],
)
def test_invalid_payments_are_refused_field_by_field(overrides: dict[str, object], field: str) -> None:
    r = receivable()
    amount = str(overrides.pop("amount", "10"))
    with pytest.raises(InvalidFinanceInput) as refused:
        r.receive(payment(amount, **overrides), NOW)
    assert field in {e.field for e in refused.value.errors}
    assert r.payments == []


def test_received_on_may_be_today_anywhere_on_earth_but_not_later() -> None:
    late_evening = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert latest_received_on(late_evening) == date(2026, 12, 1)  # already 1 December in UTC+14
    assert latest_received_on(datetime(2026, 11, 30, 9, 59, tzinfo=UTC)) == date(2026, 11, 30)
    with pytest.raises(ValueError, match="aware"):
        latest_received_on(datetime(2026, 11, 30))
    receivable().receive(payment("1", received_on=date(2026, 12, 1)), late_evening)


def test_a_reversal_reopens_a_settled_receivable_and_happens_once() -> None:
    r = receivable("500.00")
    paid = r.receive(payment("500.00"), NOW)
    r.pull_events()
    later = NOW + timedelta(days=3)
    r.reverse(paid.id, "  cheque returned unpaid ", uuid.UUID(int=8), later)
    assert (r.status, r.outstanding, r.paid, r.received, r.reversed) == (
        ReceivableStatus.OPEN,
        Decimal("500.00"),
        0,
        Decimal("500.00"),
        Decimal("500.00"),
    )
    assert (paid.reversal_reason, paid.reversed_at, r.settled_at) == ("cheque returned unpaid", later, None)
    reversed_, reopened = r.pull_events()
    assert isinstance(reversed_, ev.PaymentReversed)
    assert reversed_.outstanding_after == Decimal("500.00")
    assert isinstance(reopened, ev.ReceivableReopened)
    assert (reopened.cause, reopened.payment_id, reopened.paid) == ("payment_reversed", paid.id, 0)
    with pytest.raises(PaymentAlreadyReversed) as twice:
        r.reverse(paid.id, "again", uuid.UUID(int=8), later)
    assert isinstance(twice.value, Conflict)  # 409
    with pytest.raises(InvalidFinanceInput):
        r.reverse(paid.id, "   ", uuid.UUID(int=8), later)
    with pytest.raises(NotFound):
        r.reverse(uuid.uuid4(), "unknown", uuid.UUID(int=8), later)


def test_an_amendment_below_what_was_paid_settles_with_a_credit_and_a_rise_reopens() -> None:
    r = receivable("1000.00")
    r.receive(payment("800.00"), NOW)
    r.pull_events()
    assert r.revalue(Decimal("700.00"), 2, NOW)
    assert (r.outstanding, r.credit, r.status) == (0, Decimal("100.00"), ReceivableStatus.SETTLED)
    [settled] = r.pull_events()
    assert isinstance(settled, ev.ReceivableSettled)
    assert settled.payment_id is None
    assert settled.credit == Decimal("100.00")
    with pytest.raises(PaymentExceedsOutstanding):
        r.receive(payment("0.01"), NOW)

    assert not r.revalue(Decimal("5000.00"), 2, NOW)  # the same terms again: nothing changes
    assert r.revalue(Decimal("790.00"), 3, NOW)  # still within what was paid: stays settled
    assert (r.status, r.credit, names(r)) == (ReceivableStatus.SETTLED, Decimal("10.00"), [])
    assert r.revalue(Decimal("1200.00"), 4, NOW)
    assert (r.status, r.outstanding, r.credit) == (ReceivableStatus.OPEN, Decimal("400.00"), 0)
    [reopened] = r.pull_events()
    assert isinstance(reopened, ev.ReceivableReopened)
    assert reopened.cause == "trade_amended"


def test_a_cancelled_trade_takes_no_payment_but_its_payments_can_be_reversed() -> None:
    r = receivable("1000.00")
    paid = r.receive(payment("300.00"), NOW)
    assert r.cancel(NOW)
    assert not r.cancel(NOW)
    assert (r.status, r.cancelled_at) == (ReceivableStatus.CANCELLED, NOW)
    with pytest.raises(ReceivableCancelled) as refused:
        r.receive(payment("1.00"), NOW)
    assert isinstance(refused.value, Conflict)  # 409
    assert not r.revalue(Decimal("2000.00"), 2, NOW)
    r.pull_events()
    r.reverse(paid.id, "wrong credit", uuid.UUID(int=8), NOW)
    assert r.status is ReceivableStatus.CANCELLED
    assert names(r) == ["PaymentReversed"]


def test_a_zero_invoice_is_settled_from_the_start_and_bad_invoices_are_refused() -> None:
    zero = receivable("0")
    assert zero.status is ReceivableStatus.SETTLED
    assert names(zero) == ["ReceivableSettled"]
    with pytest.raises(InvalidFinanceInput):
        receivable("10.001")
    with pytest.raises(InvalidFinanceInput):
        receivable("10", currency="XYZ")


@given(st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=6), st.data())
def test_outstanding_is_invoice_less_payments_plus_reversals(paise: list[int], data: st.DataObject) -> None:
    invoice = sum(paise) + data.draw(st.integers(min_value=0, max_value=10**6))
    r = receivable(str(from_minor(invoice, "INR")))
    recorded = [r.receive(payment(str(from_minor(p, "INR"))), NOW) for p in paise]
    reversed_ = data.draw(st.lists(st.sampled_from(recorded), unique_by=lambda p: p.id))
    for p in reversed_:
        r.reverse(p.id, "bounced", uuid.UUID(int=8), NOW)
    expected = invoice - sum(paise) + sum(int(p.amount * 100) for p in reversed_)
    assert r.outstanding == from_minor(expected, "INR")
    assert r.status is (ReceivableStatus.SETTLED if expected == 0 else ReceivableStatus.OPEN)
