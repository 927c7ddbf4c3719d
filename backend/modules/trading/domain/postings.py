"""Rules shared by availabilities and requirements: expiry, visibility and the identical-posting key."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backend.core.decimal_math import plain_text
from backend.core.errors import FieldError
from backend.modules.trading.domain.enums import Visibility
from backend.modules.trading.domain.errors import InvalidTradingInput

COUNTRY = re.compile(r"[A-Z]{2}")
MAX_TERMS = 500


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidTradingInput([FieldError(field, f"{name!r} is not an IANA time zone")]) from None


def expiry_instant(last_day: date, timezone: str, cut_off: time | None = None, field: str = "timezone") -> datetime:
    """The UTC instant a posting stops: ``cut_off`` local time on ``last_day`` in the location's zone,
    or, without a cut-off, the end of that day (the next local midnight)."""
    tz = zone(timezone, field)
    if cut_off is None:
        local = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=tz)
    else:
        local = datetime.combine(last_day, cut_off.replace(tzinfo=None), tzinfo=tz)
    return local.astimezone(UTC)


def local_day(instant: datetime, timezone: str) -> date:
    return instant.astimezone(zone(timezone)).date()


def visibility_errors(visibility: Visibility, listed: frozenset[uuid.UUID], field: str) -> list[FieldError]:
    if visibility is Visibility.RESTRICTED and not listed:
        return [FieldError(field, "a restricted posting lists at least one counterparty")]
    if visibility is not Visibility.RESTRICTED and listed:
        return [FieldError(field, f"only a restricted posting lists counterparties, this one is {visibility}")]
    return []


def visible_to(visibility: Visibility, listed: frozenset[uuid.UUID], partner_id: uuid.UUID) -> bool:
    """Whether automatic matching may offer the posting to ``partner_id``."""
    if visibility is Visibility.PUBLIC:
        return True
    return visibility is Visibility.RESTRICTED and partner_id in listed


def terms_errors(text: str, field: str) -> list[FieldError]:
    if not 0 < len(text.strip()) <= MAX_TERMS:
        return [FieldError(field, f"{field} must have 1 to {MAX_TERMS} characters")]
    return []


def country_errors(country: str, field: str) -> list[FieldError]:
    return [] if COUNTRY.fullmatch(country) else [FieldError(field, f"{country!r} is not an ISO country code")]


def fingerprint(
    kind: str,
    partner_id: uuid.UUID,
    commodity_id: uuid.UUID,
    variety: str | None,
    quantity: Decimal,
    price: Decimal,
    currency: str,
    price_unit: str,
    location_ids: Iterable[uuid.UUID],
    day: date,
) -> str:
    """The key of "the same posting again today": equal fields give an equal SHA-256, whatever the
    scale of the decimals (``170`` and ``170.00``) or the case of the variety."""
    parts = [
        kind,
        str(partner_id),
        str(commodity_id),
        (variety or "").strip().casefold(),
        plain_text(quantity),
        plain_text(price),
        currency,
        price_unit,
        ",".join(sorted(str(location_id) for location_id in location_ids)),
        day.isoformat(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
