"""Named rules about the payments a receivable accepts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from backend.core.errors import FieldError

# The date a payment was received is a calendar date where the money arrived. The latest date that
# has begun anywhere on Earth is today in UTC+14 (Kiribati): a later date is in the future for
# every tenant, whatever its time zone, so it is refused; one that is today somewhere is not.
EARLIEST_ZONE_OFFSET = timedelta(hours=14)

# a bank UTR, a cheque number or a cash receipt number, compared upper case without outer spaces
REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9/._-]{0,63}")
REASON_MAX = 1000


def latest_received_on(now: datetime) -> date:
    """The latest ``received_on`` a payment may carry at ``now`` (aware): today in UTC+14."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return (now.astimezone(UTC) + EARLIEST_ZONE_OFFSET).date()


def received_on_errors(received_on: date, now: datetime) -> list[FieldError]:
    latest = latest_received_on(now)
    if received_on > latest:
        return [FieldError("received_on", f"must not be in the future (the latest date today is {latest})")]
    return []


def normalized_reference(reference: str) -> str:
    """The form a reference is stored and compared in: outer spaces dropped, upper case."""
    return reference.strip().upper()


def reference_errors(reference: str) -> list[FieldError]:
    if not REFERENCE.fullmatch(reference):
        message = "must be 1 to 64 letters, digits or / . _ - (the bank's UTR, the cheque or receipt number)"
        return [FieldError("reference", message)]
    return []


def reason_errors(reason: str) -> list[FieldError]:
    if not reason.strip() or len(reason) > REASON_MAX:
        return [FieldError("reason", f"must say why, in 1 to {REASON_MAX} characters")]
    return []
