"""The partner aggregate: onboarding rules, editing window, status machine, approval and its events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from backend.core.errors import MakerCheckerViolation
from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.approval import BACK_OFFICE, TENANT_ADMIN, ApprovalPolicy
from backend.modules.partners.domain.enums import (
    EntityClass,
    KycStatus,
    LegalForm,
    PartnerStatus,
    RiskCategory,
    ServiceProviderKind,
    TaxKind,
)
from backend.modules.partners.domain.errors import (
    InvalidPartnerInput,
    KycNotValid,
    PartnerNotEditable,
)
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import TaxRegistration
from tests.unit.partners.builders import (
    CHECKER,
    GSTIN_KA,
    MAKER,
    TENANT,
    TODAY,
    approved,
    draft,
    foreign_profile,
    location,
    profile,
)


def start_errors(**overrides: object) -> list[str]:
    with pytest.raises(InvalidPartnerInput) as invalid:
        Partner.start_onboarding(
            tenant_id=TENANT, code="BP-IN-0001", profile=profile(**overrides), head_office=location(), today=TODAY
        )
    return [e.field for e in invalid.value.errors]


def test_onboarding_starts_a_draft_and_records_it() -> None:
    partner = Partner.start_onboarding(
        tenant_id=TENANT,
        code="BP-IN-0001",
        profile=profile(legal_name="  Unique   Traders ", pan="aapfu0939f"),
        head_office=location(),
        today=TODAY,
        created_by=MAKER,
    )
    assert partner.status is PartnerStatus.DRAFT
    assert (partner.profile.legal_name, partner.profile.pan) == ("Unique Traders", "AAPFU0939F")
    assert partner.kyc_status is KycStatus.PENDING
    assert [type(e) for e in partner.pull_events()] == [ev.PartnerOnboardingStarted]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pan": None}, "pan"),
        ({"pan": "AAPXU0939F"}, "pan"),
        (
            {"tax_registrations": (TaxRegistration(TaxKind.GSTIN, "27AAPFU0939F1ZW", "IN"),)},
            "tax_registrations.0.number",
        ),
        ({"tax_registrations": (TaxRegistration(TaxKind.GSTIN, GSTIN_KA, "IN"),)}, "tax_registrations.0.number"),
        ({"legal_name": "  "}, "legal_name"),
        ({"country": "India"}, "country"),
        ({"entity_class": EntityClass.SERVICE_PROVIDER}, "service_provider_kind"),
        ({"service_provider_kind": ServiceProviderKind.BROKER}, "service_provider_kind"),
        ({"legal_form": LegalForm.FOREIGN_ENTITY}, "legal_form"),
        ({"registration_date": date(2030, 1, 1)}, "registration_date"),
        ({"annual_turnover": Decimal(-1)}, "annual_turnover"),
    ],
)
def test_profile_rules_name_the_field(overrides: dict[str, object], field: str) -> None:
    assert field in start_errors(**overrides)


def test_the_head_office_must_match_the_pan_and_state() -> None:
    with pytest.raises(InvalidPartnerInput) as invalid:
        Partner.start_onboarding(
            tenant_id=TENANT, code="BP-IN-1", profile=profile(), head_office=location(state_code="29"), today=TODAY
        )
    assert [e.field for e in invalid.value.errors] == ["code"]
    with pytest.raises(InvalidPartnerInput) as invalid:
        Partner.start_onboarding(
            tenant_id=TENANT, code="BP-IN-0001", profile=profile(), head_office=location(state_code="29"), today=TODAY
        )
    assert [e.field for e in invalid.value.errors] == ["head_office.gstin"]


def test_foreign_entities_validate_their_own_registrations() -> None:
    partner = draft(foreign_profile())
    assert partner.profile.pan is None
    bad = foreign_profile(tax_registrations=(TaxRegistration(TaxKind.EIN, "00-2103594", "US"),))
    with pytest.raises(InvalidPartnerInput):
        draft(bad)


def test_revise_records_changed_fields_and_bumps_version_once() -> None:
    partner = draft()
    partner.persisted_version = partner.version = 1
    changed = partner.revise(replace(partner.profile, trade_name="UT", annual_turnover=Decimal(1)), TODAY)
    partner.revise(replace(partner.profile, trade_name="UT2"), TODAY)
    assert changed == ("trade_name", "annual_turnover")
    assert partner.version == 2
    assert [type(e) for e in partner.pull_events()] == [ev.PartnerUpdated, ev.PartnerUpdated]
    assert partner.revise(partner.profile, TODAY) == ()


def test_submit_scores_and_routes_to_back_office() -> None:
    partner = draft()
    routing = partner.submit(MAKER, TODAY)
    assert partner.status is PartnerStatus.PENDING_REVIEW
    # 50 + 20 (6 years) + 5 (partnership) + 15 (2 crore)
    assert (partner.risk_score, partner.risk_category) == (90, RiskCategory.LOW)
    assert routing.required_role == BACK_OFFICE
    [submitted] = partner.pull_events()
    assert isinstance(submitted, ev.PartnerSubmitted)
    assert (submitted.score, submitted.required_role, submitted.auto_approve) == (90, BACK_OFFICE, False)
    assert partner.approval_request().maker_id == MAKER


def test_a_low_score_needs_a_tenant_admin() -> None:
    partner = draft(
        profile(legal_form=LegalForm.PROPRIETORSHIP, registration_date=date(2026, 1, 1), annual_turnover=None)
    )
    assert partner.submit(MAKER, TODAY).required_role == TENANT_ADMIN
    assert partner.risk_score == 30


def test_submit_needs_a_contact() -> None:
    with pytest.raises(InvalidPartnerInput) as invalid:
        draft(with_contact=False).submit(MAKER, TODAY)
    assert invalid.value.errors[0].field == "contacts"


def test_auto_approval_when_the_tenant_enables_it() -> None:
    partner = draft()
    routing = partner.submit(MAKER, TODAY, policy=ApprovalPolicy(auto_approve=True))
    assert routing.auto_approve
    assert partner.status is PartnerStatus.APPROVED
    events = partner.pull_events()
    assert [type(e) for e in events] == [ev.PartnerSubmitted, ev.PartnerApproved]
    assert events[1].approved_by is None  # type: ignore[attr-defined]


def test_approval_verifies_kyc_and_recommends_a_credit_limit() -> None:
    partner = draft()
    partner.submit(MAKER, TODAY)
    partner.pull_events()
    outcome = partner.approve(CHECKER, TODAY)
    assert (outcome.kyc_expires_on, outcome.recommended_credit_limit) == (date(2027, 6, 15), Decimal("3000000.00"))
    assert (partner.kyc_status, partner.decided_by) == (KycStatus.VERIFIED, CHECKER)
    [approved_event] = partner.pull_events()
    assert isinstance(approved_event, ev.PartnerApproved)
    assert approved_event.primary_contact_id == partner.contacts[0].id
    assert approved_event.submitted_by == MAKER


def test_approval_is_idempotent() -> None:
    partner = approved()
    again = partner.approve(CHECKER, date(2026, 7, 1))
    assert again.already_approved
    assert again.kyc_expires_on == date(2027, 6, 15)
    assert partner.pull_events() == []


def test_the_submitter_cannot_approve() -> None:
    partner = draft()
    partner.submit(MAKER, TODAY)
    with pytest.raises(MakerCheckerViolation):
        partner.approve(MAKER, TODAY)


def test_reject_and_request_info_keep_the_reason() -> None:
    rejected = draft()
    rejected.submit(MAKER, TODAY)
    rejected.reject(CHECKER, "PAN card is illegible")
    assert (rejected.status, rejected.status_reason) == (PartnerStatus.REJECTED, "PAN card is illegible")
    asked = draft()
    asked.submit(MAKER, TODAY)
    asked.request_info(CHECKER, "upload the GST certificate")
    assert asked.status is PartnerStatus.INFO_REQUESTED
    asked.revise(replace(asked.profile, trade_name="UT"), TODAY)  # editable again
    asked.submit(MAKER, TODAY)
    assert asked.status is PartnerStatus.PENDING_REVIEW
    with pytest.raises(InvalidPartnerInput):
        draft().deactivate(CHECKER, " ")


def test_suspend_and_reactivate() -> None:
    partner = approved()
    partner.suspend(CHECKER, "payment default")
    assert partner.status is PartnerStatus.SUSPENDED
    partner.reactivate(CHECKER, TODAY)
    assert partner.status is PartnerStatus.APPROVED
    kinds = [type(e) for e in partner.pull_events()]
    assert kinds == [ev.PartnerSuspended, ev.PartnerReactivated]


def test_reactivation_needs_valid_kyc() -> None:
    partner = approved()
    partner.suspend(CHECKER, "payment default")
    with pytest.raises(KycNotValid):
        partner.reactivate(CHECKER, date(2027, 6, 16))


def test_update_only_while_draft_or_info_requested() -> None:
    partner = draft()
    partner.submit(MAKER, TODAY)
    with pytest.raises(PartnerNotEditable) as refused:
        partner.revise(replace(partner.profile, trade_name="X"), TODAY)
    assert "pending_review" in str(refused.value)
