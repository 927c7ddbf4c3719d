"""Shape rules for identity data: e-mail, E.164 mobile, country, currency, time zone, GSTIN."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
COUNTRY = re.compile(r"[A-Z]{2}")
CURRENCY = re.compile(r"[A-Z]{3}")
GSTIN = re.compile(r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]")
_GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def email_error(email: str) -> str | None:
    return None if EMAIL.fullmatch(email) and len(email) <= 254 else f"{email!r} is not an e-mail address"


def mobile_error(mobile: str) -> str | None:
    return None if E164.fullmatch(mobile) else f"{mobile!r} is not an E.164 mobile number such as +919812345678"


def time_zone_error(name: str) -> str | None:
    if name not in available_timezones():
        return f"{name!r} is not an IANA time zone such as Asia/Kolkata"
    try:
        ZoneInfo(name)
    except ZoneInfoNotFoundError:
        return f"{name!r} is not an IANA time zone"
    return None


def gstin_check_character(first14: str) -> str:
    """The 15th GSTIN character: a base-36 check over the first 14 (alternating weights 1 and 2)."""
    total = 0
    for index, char in enumerate(first14):
        product = _GSTIN_ALPHABET.index(char) * (2 if index % 2 else 1)
        total += product // 36 + product % 36
    return _GSTIN_ALPHABET[(36 - total % 36) % 36]


def gstin_error(gstin: str, state_code: str | None) -> str | None:
    if not GSTIN.fullmatch(gstin):
        return f"{gstin!r} is not a GSTIN (15 characters: state, PAN, entity, Z, check)"
    if gstin_check_character(gstin[:14]) != gstin[14]:
        return f"{gstin!r} fails the GSTIN checksum"
    if state_code is not None and state_code.isdigit() and gstin[:2] != state_code.zfill(2):
        return f"GSTIN {gstin} belongs to state {gstin[:2]}, not to the branch's state {state_code}"
    return None
