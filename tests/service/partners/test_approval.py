"""Approval: maker-checker, role routing by score, idempotency; reviewer decisions; visibility."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from backend.core.errors import Forbidden, MakerCheckerViolation
from backend.modules.partners.application.commands.approve_partner import ApprovePartner, approve_partner
from backend.modules.partners.application.commands.override_capabilities import (
    OverrideCapabilities,
    override_capabilities,
)
from backend.modules.partners.application.commands.reactivate_partner import ReactivatePartner, reactivate_partner
from backend.modules.partners.application.commands.reject_partner import RejectPartner, reject_partner
from backend.modules.partners.application.commands.request_info import RequestInfo, request_info
from backend.modules.partners.application.commands.submit_partner import SubmitPartner, submit_partner
from backend.modules.partners.application.commands.suspend_partner import SuspendPartner, suspend_partner
from backend.modules.partners.application.errors import PartnerNotFound
from backend.modules.partners.domain.enums import LegalForm
from backend.modules.partners.domain.errors import IllegalStatusTransition, InvalidPartnerInput, KycNotValid
from tests.service.partners.flows import approved, submitted
from tests.service.partners.world import BRANCH_A, BRANCH_B, OTHER_TENANT, World, partner_user, staff

WEAK = {"legal_form": LegalForm.PROPRIETORSHIP, "annual_turnover": None, "registration_date": None}  # 45


async def test_the_submitter_cannot_approve(world: World) -> None:
    maker = staff("back_office", "tenant_admin")
    partner = await submitted(world, maker)
    with pytest.raises(MakerCheckerViolation) as raised:
        await approve_partner(ApprovePartner(partner.id), maker, world.ctx)
    assert "approve this partner" in raised.value.detail


async def test_the_score_decides_which_role_approves(world: World) -> None:
    medium = await submitted(world, staff(), **WEAK)
    assert medium.risk_score == 45
    with pytest.raises(Forbidden) as raised:
        await approve_partner(ApprovePartner(medium.id), staff("trader"), world.ctx)
    assert raised.value.extra == {"required_role": "back_office"}
    assert "back_office" in raised.value.detail
    assert (await approve_partner(ApprovePartner(medium.id), staff("back_office"), world.ctx)).status == "approved"


async def test_a_low_score_needs_a_tenant_admin(world: World) -> None:
    weak = await submitted(world, staff(), **{**WEAK, "registration_date": world.today - timedelta(days=100)})
    assert weak.risk_score == 30
    with pytest.raises(Forbidden) as raised:
        await approve_partner(ApprovePartner(weak.id), staff("back_office"), world.ctx)
    assert raised.value.extra == {"required_role": "tenant_admin"}
    done = await approve_partner(ApprovePartner(weak.id), staff("tenant_admin"), world.ctx)
    assert (done.status, done.recommended_credit_limit) == ("approved", None)  # turnover unknown: no limit


async def test_approval_is_idempotent(world: World) -> None:
    partner = await submitted(world, staff())
    checker = staff("back_office")
    first = await approve_partner(ApprovePartner(partner.id), checker, world.ctx)
    again = await approve_partner(ApprovePartner(partner.id), checker, world.ctx)
    assert (again.status, again.version, again.kyc_expires_on) == ("approved", first.version, first.kyc_expires_on)
    [event] = world.events("partners.partner_approved.v1")
    assert (event.approved_by, event.auto_approved, event.recommended_credit_limit) == (
        checker.user_id,
        False,
        Decimal("3000000.00"),
    )


async def test_reject_and_request_info(world: World) -> None:
    partner = await submitted(world, staff())
    with pytest.raises(InvalidPartnerInput):
        await reject_partner(RejectPartner(partner.id, "  "), staff(), world.ctx)
    asked = await request_info(RequestInfo(partner.id, "Upload the IEC"), staff(), world.ctx)
    assert (asked.status, asked.status_reason) == ("info_requested", "Upload the IEC")
    resubmitted = await submit_partner(SubmitPartner(partner.id), staff(), world.ctx)
    rejected = await reject_partner(RejectPartner(resubmitted.id, "Fake GST certificate"), staff(), world.ctx)
    assert (rejected.status, rejected.status_reason) == ("rejected", "Fake GST certificate")
    [event] = world.events("partners.partner_rejected.v1")
    assert event.reason == "Fake GST certificate"
    with pytest.raises(IllegalStatusTransition):
        await approve_partner(ApprovePartner(partner.id), staff("back_office"), world.ctx)


async def test_suspend_and_reactivate(world: World) -> None:
    partner = await approved(world)
    suspended = await suspend_partner(SuspendPartner(partner.id, "payment default"), staff(), world.ctx)
    assert suspended.status == "suspended"
    with pytest.raises(IllegalStatusTransition):  # never back through approval, only reactivation
        await approve_partner(ApprovePartner(partner.id), staff("back_office"), world.ctx)
    back = await reactivate_partner(ReactivatePartner(partner.id), staff(), world.ctx)
    assert back.status == "approved"
    assert world.fake.wire_names()[-2:] == ["partners.partner_suspended.v1", "partners.partner_reactivated.v1"]
    await suspend_partner(SuspendPartner(partner.id, "again"), staff(), world.ctx)
    world.today = partner.kyc_expires_on + timedelta(days=1)  # type: ignore[operator]
    with pytest.raises(KycNotValid):
        await reactivate_partner(ReactivatePartner(partner.id), staff(), world.ctx)


async def test_partner_users_never_decide(world: World) -> None:
    partner = await submitted(world, staff())
    user = partner_user(partner.id)
    for attempt in (
        approve_partner(ApprovePartner(partner.id), user, world.ctx),
        reject_partner(RejectPartner(partner.id, "no"), user, world.ctx),
        suspend_partner(SuspendPartner(partner.id, "no"), user, world.ctx),
        request_info(RequestInfo(partner.id, "no"), user, world.ctx),
    ):
        with pytest.raises(Forbidden):
            await attempt


async def test_branch_scope_and_tenants_hide_partners(world: World) -> None:
    partner = await submitted(world, staff(branches=frozenset({BRANCH_A})), branch_id=BRANCH_A)
    with pytest.raises(PartnerNotFound):
        await approve_partner(
            ApprovePartner(partner.id), staff("back_office", branches=frozenset({BRANCH_B})), world.ctx
        )
    with pytest.raises(PartnerNotFound):
        await approve_partner(ApprovePartner(partner.id), staff("back_office", tenant=OTHER_TENANT), world.ctx)
    checker = staff("back_office", branches=frozenset({BRANCH_A}))
    assert (await approve_partner(ApprovePartner(partner.id), checker, world.ctx)).status == "approved"


async def test_only_a_tenant_admin_overrides_capabilities_with_a_reason(world: World) -> None:
    partner = await approved(world)
    command = OverrideCapabilities(partner.id, frozenset({"domestic_buy", "export"}), "IEC verified offline by MD")
    with pytest.raises(Forbidden):
        await override_capabilities(command, staff("back_office"), world.ctx)
    with pytest.raises(InvalidPartnerInput) as raised:
        await override_capabilities(
            OverrideCapabilities(partner.id, frozenset({"teleport"}), "a good reason"), staff("tenant_admin"), world.ctx
        )
    assert [e.field for e in raised.value.errors] == ["capabilities"]
    with pytest.raises(InvalidPartnerInput) as raised:
        await override_capabilities(
            OverrideCapabilities(partner.id, frozenset(), "short"), staff("tenant_admin"), world.ctx
        )
    assert [e.field for e in raised.value.errors] == ["reason"]
    admin = staff("tenant_admin")
    view = await override_capabilities(command, admin, world.ctx)
    assert (view.capabilities, view.overridden, view.overridden_by) == (("domestic_buy", "export"), True, admin.user_id)
    [event] = world.events("partners.capabilities_changed.v1")
    assert (event.cause, event.capabilities, event.reason) == (
        "override",
        ("domestic_buy", "export"),
        "IEC verified offline by MD",
    )


async def test_a_tenant_admin_may_stand_in_for_the_back_office(world: World) -> None:
    medium = await submitted(world, staff(), **WEAK)
    assert medium.risk_score == 45
    assert (await approve_partner(ApprovePartner(medium.id), staff("tenant_admin"), world.ctx)).status == "approved"
