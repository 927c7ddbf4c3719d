"""Identifier checks (GSTIN, PAN, IFSC, EIN, VAT, IBAN, BIC) backed by python-stdnum.

Each ``*_error`` returns a message for the user, or ``None`` when the value is valid; the callers
attach it to the field that carried the value.
"""

from __future__ import annotations

import re

from stdnum import bic, iban
from stdnum.eu import vat
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.in_ import gstin, pan
from stdnum.us import ein

from backend.core.errors import FieldError

IFSC = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")
STATE_CODE = re.compile(r"[0-9]{2}")
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def _reason(error: ValidationError) -> str:
    if isinstance(error, InvalidChecksum):
        return "its check digit does not match (a typing error?)"
    if isinstance(error, InvalidLength):
        return "it has the wrong length"
    if isinstance(error, InvalidFormat):
        return "it has the wrong format"
    if isinstance(error, InvalidComponent):
        return "a part of it is not valid"
    return "it is not valid"


def normalize_gstin(value: str) -> str:
    return str(gstin.compact(value))


def normalize_pan(value: str) -> str:
    return str(pan.compact(value))


def gstin_error(value: str) -> str | None:
    try:
        gstin.validate(value)
    except ValidationError as error:
        return f"{value!r} is not a valid GSTIN: {_reason(error)}"
    return None


def pan_error(value: str) -> str | None:
    try:
        pan.validate(value)
    except ValidationError as error:
        return f"{value!r} is not a valid PAN (5 letters, 4 digits, 1 letter; 4th letter the holder type): " + (
            _reason(error)
        )
    return None


def ifsc_error(value: str) -> str | None:
    if IFSC.fullmatch(value.strip().upper()):
        return None
    return f"{value!r} is not an IFSC: 4 letters, a zero, then 6 letters or digits (e.g. HDFC0001234)"


def ein_error(value: str) -> str | None:
    try:
        ein.validate(value)
    except ValidationError as error:
        return f"{value!r} is not a valid US EIN: {_reason(error)}"
    return None


def vat_error(value: str, country: str) -> str | None:
    """An EU VAT number must be valid and belong to ``country`` (ISO 3166 alpha-2)."""
    try:
        number = vat.validate(value)
    except ValidationError as error:
        return f"{value!r} is not a valid EU VAT number: {_reason(error)}"
    prefix = number[:2].upper()
    if prefix != ("EL" if country.upper() == "GR" else country.upper()):
        return f"VAT number {value!r} is registered in {prefix}, not in {country.upper()}"
    return None


def iban_error(value: str) -> str | None:
    try:
        iban.validate(value)
    except ValidationError as error:
        return f"{value!r} is not a valid IBAN: {_reason(error)}"
    return None


def bic_error(value: str) -> str | None:
    try:
        bic.validate(value)
    except ValidationError as error:
        return f"{value!r} is not a valid SWIFT/BIC code: {_reason(error)}"
    return None


def gstin_pan(value: str) -> str:
    """Characters 3 to 12 of a GSTIN: the PAN of the registered person."""
    return normalize_gstin(value)[2:12]


def gstin_state_code(value: str) -> str:
    return normalize_gstin(value)[:2]


def gstin_errors(value: str, *, field: str, partner_pan: str | None, state_code: str | None = None) -> list[FieldError]:
    """A GSTIN must be valid, embed the partner's PAN and (when known) the location's state code."""
    if message := gstin_error(value):
        return [FieldError(field, message)]
    errors: list[FieldError] = []
    embedded = gstin_pan(value)
    # without a (valid) PAN the profile rules already report the PAN itself
    if partner_pan is not None and embedded != normalize_pan(partner_pan):
        errors.append(FieldError(field, f"GSTIN {value} embeds PAN {embedded}, not the partner's PAN {partner_pan}"))
    if state_code is not None and gstin_state_code(value) != state_code:
        errors.append(
            FieldError(field, f"GSTIN {value} is registered in state {gstin_state_code(value)}, not in {state_code}")
        )
    return errors


def state_code_error(value: str) -> str | None:
    if STATE_CODE.fullmatch(value) and 1 <= int(value) <= 99:
        return None
    return f"{value!r} is not a GST state code (two digits, e.g. 27 for Maharashtra)"
