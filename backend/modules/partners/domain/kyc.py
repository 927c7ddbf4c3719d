"""KYC lifecycle: reminders before expiry and detection of expired KYC."""

from __future__ import annotations

from datetime import date

REMINDER_DAYS: tuple[int, ...] = (90, 60, 30, 7)


def days_to_expiry(expires_on: date, today: date) -> int:
    return (expires_on - today).days


def reminder_due(expires_on: date | None, today: date, schedule: tuple[int, ...] = REMINDER_DAYS) -> int | None:
    """The reminder (days before expiry) that falls due exactly ``today``, if any.

    A daily job calls this once per partner; matching the exact day keeps each reminder single.
    """
    if expires_on is None:
        return None
    remaining = days_to_expiry(expires_on, today)
    return remaining if remaining in schedule else None


def reminders_between(
    expires_on: date, since: date, today: date, schedule: tuple[int, ...] = REMINDER_DAYS
) -> list[int]:
    """Reminders due in (``since``, ``today``], so a job that missed days can catch up."""
    return sorted((d for d in schedule if since < date.fromordinal(expires_on.toordinal() - d) <= today), reverse=True)


def is_expired(expires_on: date | None, today: date) -> bool:
    """KYC is valid through its expiry day and expired from the next day on."""
    return expires_on is not None and today > expires_on


def expiring_within(expires_on: date | None, today: date, days: int) -> bool:
    """Still valid today but expiring in at most ``days`` days (the ``kyc/expiring?days=`` list)."""
    return expires_on is not None and 0 <= days_to_expiry(expires_on, today) <= days
