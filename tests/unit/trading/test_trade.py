from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.enums import AmendmentStatus
from backend.modules.trading.domain.enums import TradeStatus as S
from backend.modules.trading.domain.errors import (
    AmendmentAlreadyDecided,
    AmendmentNotFound,
    AmendmentPending,
    CounterpartyApprovalRequired,
    IllegalTransition,
    InvalidTradingInput,
    NotAParty,
    TermsVersionNotFound,
)
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.domain.trade_terms import AmendmentChanges, parse_trade_number, trade_number
from tests.unit.trading.builders import BUYER, COTTON_ID, NOW, SELLER, TENANT, USER, address, deal, trade

D = Decimal


def test_trade_numbers() -> None:
    assert trade_number(2026, 1) == "TR-2026-000001"
    assert trade_number(2026, 1234567) == "TR-2026-1234567"
    assert parse_trade_number("tr-2026-000042") == (2026, 42)
    assert parse_trade_number("TR-26-1") is None
    with pytest.raises(InvalidTradingInput) as raised:
        trade_number(26, 0)
    assert {e.field for e in raised.value.errors} == {"year", "sequence"}


def test_booking_computes_amount_and_tax_and_confirms() -> None:
    booked = Trade.book(
        tenant_id=TENANT,
        number="TR-2026-000007",
        deal=deal(),
        commodity_id=COTTON_ID,
        gst_rate=D("5"),
        ship_to=address("Ahmedabad", "24", n=1),
        bill_to=address("Ahmedabad", "24", n=2),
        ship_from=address("Rajkot", "24", n=3),
        now=NOW,
    )
    terms = booked.terms
    assert terms.version == 1
    assert terms.amount == D("2868212.39")
    assert (terms.tax.cgst, terms.tax.sgst, terms.tax.igst) == (D("71705.31"), D("71705.31"), D("0.00"))
    assert terms.total == D("3011623.01")
    assert terms.delivery_date == date(2026, 7, 1)
    assert booked.history == [terms]
    assert booked.status is S.ACTIVE
    confirmed = booked.pull_events()[0]
    assert isinstance(confirmed, ev.TradeConfirmed)
    assert (confirmed.trade_number, confirmed.amount, confirmed.cgst, confirmed.igst) == (
        "TR-2026-000007",
        D("2868212.39"),
        D("71705.31"),
        D("0.00"),
    )


def test_inter_state_trades_pay_igst() -> None:
    booked = trade(ship_to=address("Mumbai", "27", n=4))
    assert (booked.terms.tax.igst, booked.terms.tax.cgst) == (D("143410.62"), D("0.00"))


def test_booking_refuses_a_bad_number_or_rate() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        Trade.book(
            tenant_id=TENANT,
            number="T-1",
            deal=deal(),
            commodity_id=COTTON_ID,
            gst_rate=D("120"),
            ship_to=address(),
            bill_to=address(),
            ship_from=address(),
        )
    assert {e.field for e in raised.value.errors} == {"number", "gst_rate"}


def test_the_happy_path_of_the_status_machine() -> None:
    booked = trade()
    booked.ship(USER)
    booked.deliver(USER)
    booked.complete(USER)
    assert booked.status is S.COMPLETED
    moves = [(e.from_status, e.to_status) for e in booked.pull_events() if isinstance(e, ev.TradeStatusChanged)]
    assert moves == [("active", "in_transit"), ("in_transit", "delivered"), ("delivered", "completed")]


def test_cancel_records_the_cancellation_with_its_reason() -> None:
    booked = trade()
    with pytest.raises(InvalidTradingInput):
        booked.cancel(USER, " ")
    booked.cancel(USER, "buyer defaulted")
    events = booked.pull_events()
    cancelled = events[-1]
    assert isinstance(cancelled, ev.TradeCancelled)
    assert (cancelled.cancelled_by, cancelled.reason) == (USER, "buyer defaulted")


def test_disputes_end_active_or_cancelled() -> None:
    booked = trade()
    booked.ship(USER)
    booked.dispute(USER, "short weight")
    booked.resolve_dispute(USER, cancel=False, reason="weight confirmed")
    assert booked.status is S.ACTIVE
    booked.dispute(USER, "quality")
    booked.resolve_dispute(USER, cancel=True, reason="agreed to cancel")
    assert booked.status is S.CANCELLED
    with pytest.raises(IllegalTransition):
        trade().resolve_dispute(USER, cancel=False, reason="x")


ALLOWED = {
    S.ACTIVE: {S.IN_TRANSIT, S.CANCELLED, S.DISPUTED},
    S.IN_TRANSIT: {S.DELIVERED, S.DISPUTED},
    S.DELIVERED: {S.COMPLETED, S.DISPUTED},
    S.DISPUTED: {S.ACTIVE, S.CANCELLED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_transitions_exhaustively(current: S, target: S) -> None:
    booked = trade()
    booked.status = current
    if target in ALLOWED[current]:
        booked.transition(target, by=USER, reason="because")
        assert booked.status is target
    else:
        with pytest.raises(IllegalTransition) as raised:
            booked.transition(target, by=USER, reason="because")
        assert raised.value.extra == {"current_status": current.value, "target_status": target.value}
        assert f"from {current.value} to {target.value}" in raised.value.detail
        assert raised.value.code == "illegal-trade-transition"


def test_an_amendment_needs_the_counterparty() -> None:
    booked = trade()
    amendment = booked.request_amendment(
        by_partner_id=BUYER, changes=AmendmentChanges(quantity=D("8500")), reason="half now", now=NOW
    )
    assert amendment.fields == ("quantity",)
    assert booked.terms.quantity == D("17000")  # nothing changes before approval
    with pytest.raises(CounterpartyApprovalRequired):
        booked.approve_amendment(amendment.id, by_partner_id=BUYER)
    with pytest.raises(NotAParty):
        booked.approve_amendment(amendment.id, by_partner_id=uuid.UUID(int=5))
    terms = booked.approve_amendment(amendment.id, by_partner_id=SELLER, now=NOW + timedelta(days=1))
    assert terms.version == 2
    assert terms.quantity == D("8500")
    assert terms.amount == D("1434106.19")  # half of 2,868,212.389... rounded once
    assert terms.amendment_id == amendment.id
    assert [t.version for t in booked.history] == [1, 2]
    assert booked.terms_as_of(1).quantity == D("17000")
    assert amendment.status is AmendmentStatus.APPROVED
    assert amendment.terms_version == 2
    amended = booked.pull_events()[-1]
    assert isinstance(amended, ev.TradeAmended)
    assert (amended.quantity_change, amended.terms_version, amended.fields) == (D("-8500"), 2, ("quantity",))
    with pytest.raises(AmendmentAlreadyDecided):
        booked.approve_amendment(amendment.id, by_partner_id=SELLER)
    with pytest.raises(TermsVersionNotFound):
        booked.terms_as_of(3)


def test_an_address_amendment_can_change_the_tax() -> None:
    booked = trade()
    new_ship_to = address("Mumbai", "27", n=9)
    amendment = booked.request_amendment(
        by_partner_id=SELLER, changes=AmendmentChanges(ship_to=new_ship_to, price=D("61000")), reason="moved"
    )
    assert amendment.fields == ("price", "ship_to")
    terms = booked.approve_amendment(amendment.id, by_partner_id=BUYER)
    assert terms.ship_to == new_ship_to
    assert terms.tax.regime == "inter_state"
    assert terms.price.amount == D("61000")
    assert booked.history[0].ship_to.city == "Ahmedabad"  # the old snapshot stays frozen


def test_one_pending_amendment_at_a_time_and_rejection() -> None:
    booked = trade()
    first = booked.request_amendment(
        by_partner_id=BUYER, changes=AmendmentChanges(delivery_date=date(2026, 7, 15)), reason="later"
    )
    with pytest.raises(AmendmentPending):
        booked.request_amendment(by_partner_id=SELLER, changes=AmendmentChanges(price=D("1")), reason="x")
    booked.reject_amendment(first.id, by_partner_id=SELLER, reason="cannot wait")
    assert first.status is AmendmentStatus.REJECTED
    assert first.decision_reason == "cannot wait"
    assert booked.terms.version == 1
    with pytest.raises(AmendmentNotFound):
        booked.reject_amendment(uuid.UUID(int=1), by_partner_id=SELLER, reason="x")
    booked.request_amendment(by_partner_id=SELLER, changes=AmendmentChanges(price=D("59000")), reason="discount")


def test_amendments_must_change_something_valid() -> None:
    booked = trade()
    for changes in (AmendmentChanges(), AmendmentChanges(quantity=D("17000")), AmendmentChanges(price=D("0"))):
        with pytest.raises(InvalidTradingInput):
            booked.request_amendment(by_partner_id=BUYER, changes=changes, reason="x")


def test_no_amendment_after_delivery() -> None:
    booked = trade()
    booked.ship(USER)
    pending = booked.request_amendment(
        by_partner_id=BUYER, changes=AmendmentChanges(delivery_date=date(2026, 7, 9)), reason="late truck"
    )
    booked.deliver(USER)
    with pytest.raises(IllegalTransition):
        booked.approve_amendment(pending.id, by_partner_id=SELLER)
    with pytest.raises(IllegalTransition):
        booked.request_amendment(by_partner_id=BUYER, changes=AmendmentChanges(price=D("1")), reason="x")


def test_cancelling_ends_a_pending_amendment_with_the_reason() -> None:
    booked = trade()
    amendment = booked.request_amendment(
        by_partner_id=BUYER, changes=AmendmentChanges(quantity=D("8500")), reason="half now", now=NOW
    )
    booked.pull_events()
    booked.cancel(USER, "the mill closed")
    assert (amendment.status, amendment.decision_reason) == (
        AmendmentStatus.REJECTED,
        "the trade was cancelled: the mill closed",
    )
    assert booked.pending_amendment is None
    rejected = [e for e in booked.pull_events() if isinstance(e, ev.TradeAmendmentRejected)]
    assert [(e.amendment_id, e.reason) for e in rejected] == [(amendment.id, amendment.decision_reason)]
    with pytest.raises(AmendmentAlreadyDecided):
        booked.approve_amendment(amendment.id, by_partner_id=SELLER)


def test_a_cancelled_trades_contract_can_be_neither_issued_nor_signed() -> None:
    booked = trade()
    booked.ensure_contract_may_change("signed")  # an active trade's may
    booked.cancel(USER, "the mill closed")
    with pytest.raises(IllegalTransition) as refused:
        booked.ensure_contract_may_change("signed")
    assert (refused.value.current, refused.value.target) == ("cancelled", "signed")
