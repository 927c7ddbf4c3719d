"""Amendments to an approved partner: old and new values kept, maker-checker approval."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.core.errors import MakerCheckerViolation
from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.amendments import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    CreditLimitChange,
)
from backend.modules.partners.domain.enums import LocationKind
from backend.modules.partners.domain.errors import AmendmentAlreadyDecided, InvalidPartnerInput, PartnerNotEditable
from backend.modules.partners.domain.locations import Address
from tests.unit.partners.builders import (
    CHECKER,
    GSTIN_KA,
    MAKER,
    PAN_KA,
    approved,
    bank_account,
    contact,
    draft,
    location,
    profile,
)


def test_bank_change_keeps_old_and_new_and_applies_on_approval() -> None:
    partner = approved()
    partner.bank_accounts.append(bank_account(primary=True))
    old = partner.bank_accounts[0]
    new = bank_account(account_number="999988887777", ifsc="ICIC0000001")
    amendment = Amendment.request(partner, new, MAKER)
    assert amendment.kind is AmendmentKind.BANK_CHANGE
    assert amendment.old_value == old
    assert amendment.new_value == new
    assert amendment.maker_id == MAKER
    assert [type(e) for e in amendment.pull_events()] == [ev.AmendmentRequested]
    assert amendment.approve(CHECKER, partner)
    assert amendment.status is AmendmentStatus.APPROVED
    assert [(a.account_number, a.primary) for a in partner.bank_accounts] == [
        ("001234567890", False),
        ("999988887777", True),
    ]
    assert not amendment.approve(CHECKER, partner)  # idempotent
    assert len(partner.bank_accounts) == 2
    assert [type(e) for e in amendment.pull_events()] == [ev.AmendmentApproved]


def test_the_maker_cannot_approve_an_amendment() -> None:
    partner = approved()
    amendment = Amendment.request(partner, CreditLimitChange(Decimal(500000)), MAKER)
    with pytest.raises(MakerCheckerViolation):
        amendment.approve(MAKER, partner)


def test_credit_limit_change_records_the_recommendation_as_old_value() -> None:
    partner = approved()
    amendment = Amendment.request(partner, CreditLimitChange(Decimal(500000)), MAKER)
    assert amendment.old_value == CreditLimitChange(Decimal("3000000.00"))
    assert amendment.kind is AmendmentKind.CREDIT_LIMIT_CHANGE
    with pytest.raises(InvalidPartnerInput):
        Amendment.request(partner, CreditLimitChange(Decimal(-1)), MAKER)


def test_new_gstin_location_is_validated_at_request_and_added_on_approval() -> None:
    partner = approved(profile(pan=PAN_KA, tax_registrations=()), head=location(gstin=None))
    branch = location(
        kind=LocationKind.BRANCH, address=Address("5 MG Road", "Bengaluru", "560001", "IN"), state_code="29"
    )
    with pytest.raises(InvalidPartnerInput) as invalid:
        Amendment.request(partner, branch, MAKER)  # the default GSTIN is Maharashtra's, of another PAN
    assert invalid.value.errors[0].field == "new_value.gstin"
    amendment = Amendment.request(partner, location(**{**branch.__dict__, "gstin": GSTIN_KA}), MAKER)
    assert amendment.old_value is None
    amendment.approve(CHECKER, partner)
    assert GSTIN_KA in partner.locations.gstins


def test_contact_change_replaces_the_contact() -> None:
    partner = approved()
    current = partner.contacts[0]
    changed = contact(id=current.id, mobile="+919800000000")
    amendment = Amendment.request(partner, changed, MAKER)
    assert amendment.old_value == current
    amendment.approve(CHECKER, partner)
    assert [c.mobile for c in partner.contacts] == ["+919800000000"]


def test_rejection_keeps_the_reason_and_a_decided_amendment_stays_decided() -> None:
    partner = approved()
    amendment = Amendment.request(partner, contact(id=uuid.uuid4(), primary=False), MAKER)
    assert amendment.reject(CHECKER, "unknown person")
    assert (amendment.status, amendment.reason) == (AmendmentStatus.REJECTED, "unknown person")
    with pytest.raises(AmendmentAlreadyDecided):
        amendment.approve(CHECKER, partner)
    assert len(partner.contacts) == 1


def test_amendments_are_for_approved_partners() -> None:
    with pytest.raises(PartnerNotEditable):
        Amendment.request(draft(), CreditLimitChange(Decimal(1)), MAKER)
