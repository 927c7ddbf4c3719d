"""Rules added with the application layer: no approval out of suspension, KYC reminder and renewal
events, a PAN change checked against the locations' GSTINs, a score table without turnover bands."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.enums import PartnerStatus
from backend.modules.partners.domain.errors import IllegalStatusTransition, InvalidPartnerInput
from backend.modules.partners.domain.scoring import ScoreRules, score_partner
from tests.unit.partners.builders import CHECKER, PAN_KA, TODAY, approved, draft, location, profile


def test_a_suspended_partner_is_not_approved_again() -> None:
    partner = approved()
    partner.suspend(CHECKER, "payment default")
    with pytest.raises(IllegalStatusTransition):
        partner.approve(CHECKER, TODAY)
    assert partner.status is PartnerStatus.SUSPENDED


def test_reminders_and_renewal_are_recorded() -> None:
    partner = approved()
    partner.remind_kyc_expiry(30)
    partner.renew_kyc(date(2027, 6, 1), by=CHECKER)
    reminder, renewed = partner.pull_events()
    assert isinstance(reminder, ev.PartnerKycExpiring)
    assert (reminder.days_before, reminder.expires_on) == (30, date(2027, 6, 15))
    assert isinstance(renewed, ev.PartnerKycRenewed)
    assert (renewed.renewed_by, renewed.expires_on) == (CHECKER, date(2028, 6, 1))


def test_a_new_pan_must_match_the_locations_gstins() -> None:
    partner = draft()  # its head office has a GSTIN embedding its PAN
    with pytest.raises(InvalidPartnerInput) as raised:
        partner.revise(profile(pan=PAN_KA, tax_registrations=()), TODAY)
    assert [e.field for e in raised.value.errors] == ["locations.0.gstin"]
    plain = draft(head=location(gstin=None))
    assert plain.revise(profile(pan=PAN_KA, tax_registrations=()), TODAY) == ("pan", "tax_registrations")


def test_a_table_without_turnover_bands_ignores_turnover() -> None:
    facts = profile().score_facts()
    scored = score_partner(facts, TODAY, ScoreRules(turnover_bands=()))
    [turnover] = [c for c in scored.contributions if c.rule == "annual_turnover"]
    assert (turnover.points, facts.annual_turnover) == (0, Decimal(20_000_000))
