"""Submission: the tenant's score rules, verification evidence, routing and auto-approval."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from backend.core.errors import ConcurrencyConflict, Forbidden
from backend.modules.partners.application.commands.add_contact import AddContact, add_contact
from backend.modules.partners.application.commands.submit_partner import SubmitPartner, submit_partner
from backend.modules.partners.application.ports import GstnRecord, PartnerSettings
from backend.modules.partners.application.queries.get_partner import GetPartner, get_partner
from backend.modules.partners.domain.approval import ApprovalPolicy
from backend.modules.partners.domain.enums import LegalForm
from backend.modules.partners.domain.errors import IllegalStatusTransition, InvalidPartnerInput
from backend.modules.partners.domain.scoring import ScoreRules
from tests.service.partners.flows import create, ready, submitted
from tests.service.partners.world import TENANT, World, contact, partner_user, staff
from tests.unit.partners.builders import GSTIN_MH


async def test_submission_scores_routes_and_publishes(world: World) -> None:
    maker = staff()
    partner = await submitted(world, maker)
    assert (partner.status, partner.risk_score, partner.risk_category) == ("pending_review", 90, "low")
    assert partner.score is not None
    assert [c.rule for c in partner.score.contributions] == ["base", "business_age", "legal_form", "annual_turnover"]
    [event] = world.events("partners.partner_submitted.v1")
    assert (event.onboarding_score, event.required_role, event.auto_approve, event.submitted_by) == (
        90,
        "back_office",
        False,
        maker.user_id,
    )


async def test_the_tenants_score_rules_change_the_score(world: World) -> None:
    rules = ScoreRules(base=30, legal_form_points={LegalForm.PARTNERSHIP: -10})
    world.settings.by_tenant[TENANT] = PartnerSettings(score_rules=rules)
    partner = await submitted(world, staff())
    assert (partner.risk_score, partner.risk_category) == (30 + 20 - 10 + 15, "medium")


async def test_each_verification_is_recorded_as_evidence(world: World) -> None:
    partner = await submitted(world, staff())
    kinds = [(e.kind, e.subject, e.outcome) for e in partner.evidence]
    office = partner.locations[0]
    assert kinds == [
        ("gstn", GSTIN_MH, "verified"),
        ("bank_account", "********7890", kinds[1][2]),
        ("geocode", str(office.id), "verified"),
    ]
    assert all("development adapter, not a real lookup" in e.provider for e in partner.evidence[1:])
    assert office.coordinates is not None  # filled in from the geocoder
    assert abs(office.coordinates.latitude - Decimal("19.0760")) <= Decimal("0.05")
    again = await get_partner(GetPartner(partner.id), staff(), world.ctx)
    assert again.evidence == partner.evidence


async def test_a_gstn_mismatch_is_evidence_not_a_failure(world: World) -> None:
    world.gstn.records[GSTIN_MH] = GstnRecord(GSTIN_MH, "Unique Trading Company", "27", False, date(2018, 1, 1))
    partner = await submitted(world, staff())
    gstn = partner.evidence[0]
    assert (gstn.kind, gstn.outcome) == ("gstn", "mismatch")
    assert gstn.details["problems"] == [
        "the registration is not active",
        "GSTN has the legal name 'Unique Trading Company'",
    ]
    assert partner.status == "pending_review"


async def test_an_unavailable_or_unknown_registration_is_recorded_too(world: World) -> None:
    world.gstn.failing.add(GSTIN_MH)
    partner = await submitted(world, staff())
    assert (partner.evidence[0].outcome, partner.evidence[0].details) == ("unavailable", {"error": "ConnectionError"})
    world.gstn.failing.clear()
    world.gstn.records[GSTIN_MH] = None
    other = await submitted(world, staff(), legal_name="Unique Traders Pune", master_partner_id=partner.id)
    assert other.evidence[0].outcome == "not_found"


async def test_high_scores_are_approved_at_once_when_the_tenant_allows(world: World) -> None:
    world.settings.by_tenant[TENANT] = PartnerSettings(approval_policy=ApprovalPolicy(auto_approve=True))
    maker = staff()
    partner = await submitted(world, maker)
    assert (partner.status, partner.kyc_status, partner.kyc_expires_on) == ("approved", "verified", date(2027, 6, 15))
    assert partner.recommended_credit_limit == Decimal("3000000.00")  # 15% of 2 crore
    [event] = world.events("partners.partner_approved.v1")
    assert event.auto_approved
    assert event.approved_by == event.submitted_by == maker.user_id
    assert (event.recommended_credit_limit, event.currency, event.risk_score) == (Decimal("3000000.00"), "INR", 90)
    [person] = event.contacts
    assert (person.full_name, person.mobile, person.primary) == ("Asha Patil", "+919876543210", True)


async def test_low_scores_wait_even_with_auto_approval(world: World) -> None:
    world.settings.by_tenant[TENANT] = PartnerSettings(approval_policy=ApprovalPolicy(auto_approve=True))
    partner = await submitted(world, staff(), legal_form=LegalForm.PROPRIETORSHIP, annual_turnover=None)
    assert (partner.status, partner.risk_score) == ("pending_review", 50 + 20 - 5)
    assert world.events("partners.partner_approved.v1") == []


async def test_a_partner_needs_a_contact_to_be_submitted(world: World) -> None:
    partner = await create(world)
    with pytest.raises(InvalidPartnerInput) as raised:
        await submit_partner(SubmitPartner(partner.id), staff(), world.ctx)
    assert [e.field for e in raised.value.errors] == ["contacts"]


async def test_a_submitted_partner_is_not_submitted_again_nor_verified_again(world: World) -> None:
    partner = await submitted(world, staff())
    calls = len(world.gstn.calls)
    with pytest.raises(IllegalStatusTransition):
        await submit_partner(SubmitPartner(partner.id), staff(), world.ctx)
    assert len(world.gstn.calls) == calls


async def test_a_change_during_verification_refuses_the_submission(world: World) -> None:
    maker = staff()
    partner = await ready(world, maker)

    async def edit_meanwhile() -> None:
        world.gstn.on_lookup = None
        await add_contact(AddContact(partner.id, contact(full_name="Ravi", mobile="+919800000001")), maker, world.ctx)

    world.gstn.on_lookup = edit_meanwhile
    with pytest.raises(ConcurrencyConflict):
        await submit_partner(SubmitPartner(partner.id), maker, world.ctx)
    resubmitted = await submit_partner(SubmitPartner(partner.id), maker, world.ctx)
    assert resubmitted.status == "pending_review"
    assert len(resubmitted.evidence) == 3  # the refused attempt left none


async def test_partner_users_do_not_submit(world: World) -> None:
    partner = await ready(world, staff())
    with pytest.raises(Forbidden):
        await submit_partner(SubmitPartner(partner.id), partner_user(partner.id), world.ctx)
    assert replace(partner).status == "draft"
