"""Identifier rules with real GSTIN/PAN examples that pass and fail the checksum."""

from __future__ import annotations

import pytest

from backend.modules.partners.domain import identifiers as ids
from tests.unit.partners.builders import GSTIN_KA, GSTIN_MH, GSTIN_TN, PAN_KA, PAN_MH, PAN_TN


@pytest.mark.parametrize(("gstin", "pan"), [(GSTIN_MH, PAN_MH), (GSTIN_KA, PAN_KA), (GSTIN_TN, PAN_TN)])
def test_real_gstins_pass_and_embed_their_pan(gstin: str, pan: str) -> None:
    assert ids.gstin_error(gstin) is None
    assert ids.pan_error(pan) is None
    assert ids.gstin_pan(gstin) == pan
    assert ids.gstin_errors(gstin, field="gstin", partner_pan=pan, state_code=gstin[:2]) == []


@pytest.mark.parametrize(
    ("gstin", "reason"),
    [
        ("27AAPFU0939F1ZW", "check digit"),  # last character changed
        ("29AAGCB7383J1Z5", "check digit"),
        ("33AAACH7409R1Z9", "check digit"),
        ("27AAPFU0939F1Z", "length"),
        ("", "length"),
    ],
)
def test_gstins_with_a_changed_character_fail(gstin: str, reason: str) -> None:
    message = ids.gstin_error(gstin)
    assert message is not None
    assert "not a valid GSTIN" in message
    assert reason in message


def test_a_lower_case_gstin_with_spaces_is_normalized() -> None:
    assert ids.gstin_error("27aapfu0939f1zv ") is None
    assert ids.normalize_gstin(" 27aapfu0939f1zv") == GSTIN_MH


@pytest.mark.parametrize("pan", ["AAPXU0939F", "AAPFU093F", "1APFU0939F", "AAPFUO939F"])
def test_malformed_pans_fail(pan: str) -> None:
    assert ids.pan_error(pan) is not None


def test_gstin_must_embed_the_partners_pan() -> None:
    [error] = ids.gstin_errors(GSTIN_KA, field="gstin", partner_pan=PAN_MH)
    assert error.field == "gstin"
    assert PAN_KA in error.message
    assert PAN_MH in error.message


def test_gstin_state_code_must_equal_the_locations_state() -> None:
    [error] = ids.gstin_errors(GSTIN_MH, field="locations.1.gstin", partner_pan=PAN_MH, state_code="29")
    assert error.field == "locations.1.gstin"
    assert "state 27, not in 29" in error.message


def test_an_invalid_gstin_reports_only_the_checksum() -> None:
    errors = ids.gstin_errors("27AAPFU0939F1ZW", field="gstin", partner_pan=PAN_KA, state_code="29")
    assert len(errors) == 1


@pytest.mark.parametrize(
    ("ifsc", "valid"),
    [
        ("HDFC0001234", True),
        ("SBIN0ABC123", True),
        ("hdfc0001234", True),
        ("HDFC1001234", False),
        ("HDF00001234", False),
        ("HDFC000123", False),
    ],
)
def test_ifsc_format(ifsc: str, valid: bool) -> None:
    assert (ids.ifsc_error(ifsc) is None) is valid


def test_foreign_identifiers() -> None:
    assert ids.ein_error("04-2103594") is None
    assert ids.ein_error("00-2103594") is not None
    assert ids.vat_error("DE136695976", "DE") is None
    assert ids.vat_error("DE136695977", "DE") is not None
    assert "registered in DE, not in FR" in (ids.vat_error("DE136695976", "FR") or "")
    assert ids.iban_error("DE89370400440532013000") is None
    assert "check digit" in (ids.iban_error("DE89370400440532013001") or "")
    assert ids.bic_error("DEUTDEFF") is None
    assert ids.bic_error("DEUT1EFF") is not None


@pytest.mark.parametrize(("code", "valid"), [("27", True), ("07", True), ("00", False), ("7", False), ("AB", False)])
def test_state_codes(code: str, valid: bool) -> None:
    assert (ids.state_code_error(code) is None) is valid
