"""Credit limits: set from the partner's approval, changed by maker-checker here or by an approved
partners amendment; every change in the history and as an event."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.core.errors import Forbidden, MakerCheckerViolation
from backend.modules.risk.application.commands.approve_limit_change import ApproveLimitChange, approve_limit_change
from backend.modules.risk.application.commands.reject_limit_change import RejectLimitChange, reject_limit_change
from backend.modules.risk.application.commands.request_limit_change import RequestLimitChange, request_limit_change
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.errors import CreditChangeNotFound, RiskRecordNotFound
from backend.modules.risk.application.queries.get_credit_limit import GetCreditLimit, get_credit_limit
from backend.modules.risk.domain.errors import CreditChangePending, InvalidRiskInput
from tests.fakes.risk import FakeRisk
from tests.fakes.risk_events import limit_amended, partner_approved, partner_user, staff
from tests.service.risk.conftest import Deliver


async def test_the_recommended_limit_becomes_the_partners_limit_once(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    partner = uuid.uuid4()
    approved = partner_approved(tenant, partner, "1500000")
    await deliver(approved, approved)  # at-least-once delivery

    view = await get_credit_limit(GetCreditLimit(partner), staff(tenant), ctx)
    assert (view.amount, view.currency, view.source) == (Decimal("1500000"), "INR", "recommended_on_approval")
    assert [(c.source, c.status, c.decided_by) for c in view.history] == [
        ("recommended_on_approval", "approved", approved.approved_by)
    ]
    [changed] = risk.published
    assert changed.wire_name == "risk.credit_limit_changed.v1"
    assert changed.model_dump(mode="json")["new_limit"] == "1500000"
    assert len(risk.inbox) == 1


async def test_a_partner_approved_without_a_recommendation_has_no_credit(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    partner = uuid.uuid4()
    await deliver(partner_approved(tenant, partner, None))
    assert (await get_credit_limit(GetCreditLimit(partner), staff(tenant), ctx)).amount is None


async def test_a_change_needs_a_second_person(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    partner = uuid.uuid4()
    await deliver(partner_approved(tenant, partner, "1000000"))
    maker, checker = staff(tenant), staff(tenant)

    change = await request_limit_change(RequestLimitChange(partner, Decimal("2500000"), "new season"), maker, ctx)
    assert (change.status, change.old_amount, change.new_amount) == ("pending", Decimal("1000000"), Decimal("2500000"))
    # the same request again is a retry, not a second change
    again = await request_limit_change(RequestLimitChange(partner, Decimal("2500000"), "new season"), maker, ctx)
    assert again.id == change.id
    with pytest.raises(CreditChangePending):
        await request_limit_change(RequestLimitChange(partner, Decimal("3000000"), "more"), checker, ctx)
    with pytest.raises(MakerCheckerViolation):
        await approve_limit_change(ApproveLimitChange(partner, change.id), maker, ctx)

    view = await approve_limit_change(ApproveLimitChange(partner, change.id), checker, ctx)
    assert (view.amount, view.source, view.pending_change_id) == (Decimal("2500000"), "manual", None)
    assert view.history[-1].decided_by == checker.user_id
    assert risk.wire_names() == [
        "risk.credit_limit_changed.v1",
        "risk.credit_limit_change_requested.v1",
        "risk.credit_limit_changed.v1",
    ]
    # approving again changes nothing and publishes nothing
    await approve_limit_change(ApproveLimitChange(partner, change.id), checker, ctx)
    assert len(risk.published) == 3


async def test_a_rejected_change_leaves_the_limit(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    partner = uuid.uuid4()
    await deliver(partner_approved(tenant, partner, "1000000"))
    maker, checker = staff(tenant), staff(tenant)
    change = await request_limit_change(RequestLimitChange(partner, Decimal("0"), "overdue payments"), maker, ctx)

    with pytest.raises(MakerCheckerViolation):
        await reject_limit_change(RejectLimitChange(partner, change.id, "no"), maker, ctx)
    with pytest.raises(InvalidRiskInput):
        await reject_limit_change(RejectLimitChange(partner, change.id, "  "), checker, ctx)
    view = await reject_limit_change(RejectLimitChange(partner, change.id, "paid since"), checker, ctx)

    assert view.amount == Decimal("1000000")
    assert (view.history[-1].status, view.history[-1].decision_note) == ("rejected", "paid since")
    assert risk.wire_names()[-1] == "risk.credit_limit_change_rejected.v1"


async def test_unknown_partners_and_changes_are_not_found(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    with pytest.raises(RiskRecordNotFound):
        await request_limit_change(RequestLimitChange(uuid.uuid4(), Decimal(1), "x"), staff(tenant), ctx)
    partner = uuid.uuid4()
    await deliver(partner_approved(tenant, partner))
    with pytest.raises(CreditChangeNotFound):
        await approve_limit_change(ApproveLimitChange(partner, uuid.uuid4()), staff(tenant), ctx)
    # another tenant's partner is invisible
    with pytest.raises(RiskRecordNotFound):
        await get_credit_limit(GetCreditLimit(partner), staff(uuid.uuid4()), ctx)


async def test_partner_users_read_only_their_own_limit_and_never_change_it(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, mine), partner_approved(tenant, theirs))
    user = partner_user(tenant, mine)

    assert (await get_credit_limit(GetCreditLimit(mine), user, ctx)).partner_id == mine
    with pytest.raises(RiskRecordNotFound):
        await get_credit_limit(GetCreditLimit(theirs), user, ctx)
    with pytest.raises(Forbidden):
        await request_limit_change(RequestLimitChange(mine, Decimal("5000000"), "please"), user, ctx)


async def test_an_approved_amendment_applies_and_supersedes_a_pending_change(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    partner = uuid.uuid4()
    await deliver(partner_approved(tenant, partner, "1000000"))
    await request_limit_change(RequestLimitChange(partner, Decimal("1200000"), "asked"), staff(tenant), ctx)

    amended = limit_amended(tenant, partner, "2000000")
    other_kind = limit_amended(tenant, partner, "9", kind="bank_change", credit_limit=None, currency=None)
    await deliver(amended, amended, other_kind)

    view = await get_credit_limit(GetCreditLimit(partner), staff(tenant), ctx)
    assert (view.amount, view.source, view.pending_change_id) == (Decimal("2000000"), "amended", None)
    assert [c.status for c in view.history] == ["approved", "superseded", "approved"]
    assert risk.wire_names()[-1] == "risk.credit_limit_changed.v1"
    assert risk.published[-1].model_dump(mode="json")["source"] == "amended"


async def test_an_amendment_before_the_approval_reached_risk_starts_from_no_credit(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    partner = uuid.uuid4()
    await deliver(limit_amended(tenant, partner, "750000"))
    view = await get_credit_limit(GetCreditLimit(partner), staff(tenant), ctx)
    assert (view.amount, [c.source for c in view.history]) == (
        Decimal("750000"),
        ["recommended_on_approval", "amended"],
    )
