"""The credit limit: set from the partner's approval, changed only by maker-checker, history kept."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.core.errors import Conflict, MakerCheckerViolation
from backend.modules.risk.domain import events as ev
from backend.modules.risk.domain.credit import CreditLimit
from backend.modules.risk.domain.enums import ChangeStatus, CreditSource
from backend.modules.risk.domain.errors import (
    CreditChangeAlreadyDecided,
    CreditChangePending,
    InvalidRiskInput,
    NoPendingCreditChange,
)

TENANT = uuid.UUID(int=1)
PARTNER = uuid.UUID(int=10)
APPROVER = uuid.UUID(int=20)
MAKER = uuid.UUID(int=2)
CHECKER = uuid.UUID(int=3)


def approved(recommended: Decimal | None = Decimal("3000000.00")) -> CreditLimit:
    limit = CreditLimit.on_partner_approved(
        tenant_id=TENANT, partner_id=PARTNER, recommended=recommended, approved_by=APPROVER
    )
    limit.pull_events()
    return limit


def test_approval_sets_the_recommended_limit() -> None:
    limit = CreditLimit.on_partner_approved(
        tenant_id=TENANT, partner_id=PARTNER, recommended=Decimal("3000000.00"), approved_by=APPROVER
    )
    assert limit.amount == Decimal("3000000.00")
    assert limit.currency == "INR"
    assert limit.source is CreditSource.RECOMMENDED_ON_APPROVAL
    assert limit.has_credit
    [entry] = limit.history
    assert (entry.old_amount, entry.new_amount, entry.status) == (None, Decimal("3000000.00"), ChangeStatus.APPROVED)
    [event] = limit.pull_events()
    assert isinstance(event, ev.CreditLimitChanged)
    assert (event.partner_id, event.new_amount, event.source, event.changed_by) == (
        PARTNER,
        Decimal("3000000.00"),
        "recommended_on_approval",
        APPROVER,
    )


def test_approval_without_a_recommendation_records_no_credit() -> None:
    limit = approved(None)
    assert limit.amount is None
    assert limit.effective_amount == 0
    assert not limit.has_credit
    assert limit.history[0].reason == "approved without a limit"


def test_a_zero_limit_is_no_credit_too() -> None:
    assert not approved(Decimal(0)).has_credit


@pytest.mark.parametrize("bad", [Decimal(-1), Decimal("NaN"), Decimal("Infinity")])
def test_a_recommended_limit_must_be_finite_and_not_negative(bad: Decimal) -> None:
    with pytest.raises(InvalidRiskInput) as invalid:
        CreditLimit.on_partner_approved(tenant_id=TENANT, partner_id=PARTNER, recommended=bad)
    assert invalid.value.errors[0].field == "recommended_credit_limit"


def test_a_change_is_pending_until_another_user_approves_it() -> None:
    limit = approved()
    change = limit.request_change(Decimal("5000000"), MAKER, "  turnover doubled ")
    assert limit.amount == Decimal("3000000.00")  # nothing changes yet
    assert limit.pending is change
    assert (change.status, change.old_amount, change.reason) == (
        ChangeStatus.PENDING,
        Decimal("3000000.00"),
        "turnover doubled",
    )
    [requested] = limit.pull_events()
    assert isinstance(requested, ev.CreditLimitChangeRequested)
    assert requested.requested_by == MAKER

    assert limit.approve_change(CHECKER)
    assert limit.amount == Decimal("5000000")
    assert limit.source is CreditSource.MANUAL
    assert limit.pending is None
    assert (change.status, change.decided_by) == (ChangeStatus.APPROVED, CHECKER)
    [changed] = limit.pull_events()
    assert isinstance(changed, ev.CreditLimitChanged)
    assert (changed.old_amount, changed.new_amount, changed.changed_by) == (
        Decimal("3000000.00"),
        Decimal("5000000"),
        CHECKER,
    )


def test_the_maker_cannot_approve_or_reject_its_own_change() -> None:
    limit = approved()
    limit.request_change(Decimal("5000000"), MAKER, "turnover doubled")
    with pytest.raises(MakerCheckerViolation):
        limit.approve_change(MAKER)
    with pytest.raises(MakerCheckerViolation):
        limit.reject_change(MAKER, "changed my mind")
    assert limit.amount == Decimal("3000000.00")


def test_approving_twice_is_idempotent() -> None:
    limit = approved()
    change = limit.request_change(Decimal("5000000"), MAKER, "turnover doubled")
    assert limit.approve_change(CHECKER, change.id)
    limit.pull_events()
    assert not limit.approve_change(CHECKER, change.id)
    assert not limit.approve_change(CHECKER)
    assert limit.pull_events() == []
    assert len(limit.history) == 2


def test_rejecting_keeps_the_limit_and_the_request_in_history() -> None:
    limit = approved()
    change = limit.request_change(Decimal("5000000"), MAKER, "turnover doubled")
    limit.pull_events()
    with pytest.raises(InvalidRiskInput):
        limit.reject_change(CHECKER, " ")
    assert limit.reject_change(CHECKER, "no audited accounts")
    assert not limit.reject_change(CHECKER, "no audited accounts")
    assert limit.amount == Decimal("3000000.00")
    assert (change.status, change.decision_note) == (ChangeStatus.REJECTED, "no audited accounts")
    [rejected] = limit.pull_events()
    assert isinstance(rejected, ev.CreditLimitChangeRejected)
    with pytest.raises(CreditChangeAlreadyDecided):
        limit.approve_change(CHECKER)


def test_a_partner_without_credit_gets_one_through_maker_checker() -> None:
    limit = approved(None)
    limit.request_change(Decimal("100000"), MAKER, "first limit")
    assert limit.approve_change(CHECKER)
    assert limit.amount == Decimal("100000")
    assert limit.has_credit


def test_one_pending_change_at_a_time_and_a_retried_request_returns_it() -> None:
    limit = approved()
    first = limit.request_change(Decimal("5000000"), MAKER, "turnover doubled")
    assert limit.request_change(Decimal("5000000"), MAKER, "turnover doubled") is first
    with pytest.raises(CreditChangePending) as pending:
        limit.request_change(Decimal("4000000"), CHECKER, "a smaller raise")
    assert isinstance(pending.value, Conflict)
    assert pending.value.extra == {"change_id": str(first.id)}


def test_a_change_needs_a_reason_a_valid_amount_and_a_difference() -> None:
    limit = approved()
    with pytest.raises(InvalidRiskInput) as invalid:
        limit.request_change(Decimal(-5), MAKER, "")
    assert [e.field for e in invalid.value.errors] == ["new_amount", "reason"]
    with pytest.raises(InvalidRiskInput) as same:
        limit.request_change(Decimal("3000000"), MAKER, "no change")
    assert same.value.errors[0].message == "the new credit limit equals the current one"


def test_deciding_without_a_pending_change_is_a_conflict() -> None:
    limit = approved()
    with pytest.raises(NoPendingCreditChange):
        limit.approve_change(CHECKER)
    with pytest.raises(NoPendingCreditChange):
        limit.approve_change(CHECKER, uuid.UUID(int=99))


def test_an_amendment_from_partners_applies_directly_and_supersedes_a_pending_change() -> None:
    limit = approved()
    pending = limit.request_change(Decimal("5000000"), MAKER, "turnover doubled")
    limit.pull_events()
    assert limit.apply_amendment(Decimal("4000000"), CHECKER, "AM-7")
    assert not limit.apply_amendment(Decimal("4000000"), CHECKER, "AM-7")  # redelivered
    assert (limit.amount, limit.source) == (Decimal("4000000"), CreditSource.AMENDED)
    assert pending.status is ChangeStatus.SUPERSEDED
    assert limit.pending is None
    assert [c.source for c in limit.history] == [
        CreditSource.RECOMMENDED_ON_APPROVAL,
        CreditSource.MANUAL,
        CreditSource.AMENDED,
    ]
    [changed] = limit.pull_events()
    assert isinstance(changed, ev.CreditLimitChanged)
    assert changed.source == "amended"
    with pytest.raises(CreditChangeAlreadyDecided):
        limit.approve_change(CHECKER, pending.id)


def test_the_version_moves_once_per_unit_of_work() -> None:
    limit = approved()
    limit.persisted_version = limit.version
    limit.request_change(Decimal("5000000"), MAKER, "turnover doubled")
    limit.approve_change(CHECKER)
    assert limit.version == limit.persisted_version + 1
