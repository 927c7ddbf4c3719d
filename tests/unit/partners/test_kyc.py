"""KYC reminders and expiry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.enums import KycStatus, PartnerStatus
from backend.modules.partners.domain.kyc import expiring_within, is_expired, reminder_due, reminders_between
from tests.unit.partners.builders import TODAY, approved

EXPIRY = date(2027, 6, 15)


@pytest.mark.parametrize(("days_before", "due"), [(90, 90), (89, None), (60, 60), (30, 30), (7, 7), (0, None)])
def test_reminders_fall_due_on_their_day(days_before: int, due: int | None) -> None:
    assert reminder_due(EXPIRY, EXPIRY - timedelta(days=days_before)) == due


def test_no_reminder_without_expiry() -> None:
    assert reminder_due(None, TODAY) is None


def test_a_late_job_catches_up() -> None:
    assert reminders_between(EXPIRY, EXPIRY - timedelta(days=100), EXPIRY - timedelta(days=30)) == [90, 60, 30]
    assert reminders_between(EXPIRY, EXPIRY - timedelta(days=30), EXPIRY - timedelta(days=8)) == []


def test_expiry_detection() -> None:
    assert not is_expired(EXPIRY, EXPIRY)
    assert is_expired(EXPIRY, EXPIRY + timedelta(days=1))
    assert not is_expired(None, EXPIRY)
    assert expiring_within(EXPIRY, EXPIRY - timedelta(days=30), 30)
    assert not expiring_within(EXPIRY, EXPIRY - timedelta(days=31), 30)
    assert not expiring_within(EXPIRY, EXPIRY + timedelta(days=1), 30)


def test_expired_kyc_suspends_when_the_tenant_enables_it() -> None:
    partner = approved()
    assert not partner.expire_kyc(EXPIRY, suspend=True)
    assert partner.expire_kyc(EXPIRY + timedelta(days=1), suspend=True)
    assert (partner.kyc_status, partner.status) == (KycStatus.EXPIRED, PartnerStatus.SUSPENDED)
    assert [type(e) for e in partner.pull_events()] == [ev.PartnerKycExpired, ev.PartnerSuspended]
    assert not partner.expire_kyc(EXPIRY + timedelta(days=2), suspend=True)  # once only


def test_expired_kyc_without_suspension_and_renewal() -> None:
    partner = approved()
    partner.expire_kyc(EXPIRY + timedelta(days=1), suspend=False)
    assert partner.status is PartnerStatus.APPROVED
    assert partner.renew_kyc(date(2027, 7, 1)) == date(2028, 7, 1)
    assert partner.kyc_status is KycStatus.VERIFIED
