"""Shape rules for identity data: e-mail, E.164 mobile, time zone and GSTIN (format, checksum, state)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.modules.identity.domain.validation import (
    email_error,
    gstin_check_character,
    gstin_error,
    mobile_error,
    normalize_email,
    time_zone_error,
)

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
REAL_GSTINS = ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4", "33AAACH7409R1Z8"]
# the first 14 characters: state, PAN (5 letters, 4 digits, 1 letter), entity number, "Z"
gstin_prefixes = st.from_regex(r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z", fullmatch=True)


def with_last(gstin: str, char: str) -> str:
    return gstin[:-1] + char


@pytest.mark.parametrize("mobile", ["+919812345678", "+14155552671", "+1234567", "+123456789012345"])
def test_e164_mobiles_pass(mobile: str) -> None:
    assert mobile_error(mobile) is None


@pytest.mark.parametrize(
    "mobile",
    [
        "919812345678",  # no plus
        "+091234567",  # country codes never start with 0
        "+123456",  # 6 digits: too short
        "+1234567890123456",  # 16 digits: longer than E.164 allows
        "+91 98123 45678",
        "+91-9812345678",
        "+91981234567x",
        "",
    ],
)
def test_non_e164_mobiles_fail(mobile: str) -> None:
    assert mobile_error(mobile) is not None


@pytest.mark.parametrize("email", ["ravi@example.com", "ravi.kumar+trade@mandi.co.in", "R_K@sub.example-x.org"])
def test_email_addresses_pass(email: str) -> None:
    assert email_error(email) is None


@pytest.mark.parametrize(
    "email",
    [
        "ravi",
        "ravi@",
        "@example.com",
        "ravi@localhost",
        "ravi kumar@example.com",
        "ravi@@example.com",
        "ravi@exa_mple.com",
        "r" * 65 + "@example.com",  # local part over 64 characters
        "ravi@" + "a" * 250 + ".com",  # over 254 characters in all
        "",
    ],
)
def test_malformed_email_addresses_fail(email: str) -> None:
    assert email_error(email) is not None


def test_normalize_email_trims_and_lower_cases() -> None:
    assert normalize_email("  Ravi.Kumar@Example.COM ") == "ravi.kumar@example.com"


@pytest.mark.parametrize("name", ["Asia/Kolkata", "UTC", "Europe/London", "America/New_York"])
def test_iana_time_zones_pass(name: str) -> None:
    assert time_zone_error(name) is None


@pytest.mark.parametrize("name", ["Asia/Mumbai", "IST", "asia/kolkata", "../etc/passwd", " Asia/Kolkata", ""])
def test_unknown_time_zones_fail(name: str) -> None:
    assert time_zone_error(name) is not None


@pytest.mark.parametrize("gstin", REAL_GSTINS)
def test_real_gstins_pass_with_and_without_their_state(gstin: str) -> None:
    assert gstin_check_character(gstin[:14]) == gstin[14]
    assert gstin_error(gstin, None) is None
    assert gstin_error(gstin, gstin[:2]) is None


@pytest.mark.parametrize("gstin", REAL_GSTINS)
def test_a_wrong_check_character_fails_the_checksum(gstin: str) -> None:
    for char in ALPHABET.replace(gstin[14], ""):
        message = gstin_error(with_last(gstin, char), None)
        assert message is not None
        assert "checksum" in message


@pytest.mark.parametrize(
    "gstin",
    [
        "27aapfu0939f1zv",  # lower case (normalising is the caller's job)
        "27AAPFU0939F1Z",  # 14 characters
        "27AAPFU0939F1ZVX",  # 16 characters
        "27AAPFU0939F1YV",  # 14th character must be Z
        "27AAPFU0939F0ZV",  # entity number cannot be 0
        "2AAAPFU0939F1ZV",  # state must be two digits
        "27AAPF10939F1ZV",  # PAN: five letters first
        "27AAPFU09X9F1ZV",  # PAN: then four digits
        "",
    ],
)
def test_malformed_gstins_fail_on_format(gstin: str) -> None:
    message = gstin_error(gstin, None)
    assert message is not None
    assert "is not a GSTIN" in message


def test_a_gstin_of_another_state_is_refused() -> None:
    message = gstin_error("27AAPFU0939F1ZV", "29")

    assert message is not None
    assert "27" in message
    assert "29" in message


def test_a_one_digit_state_code_is_compared_zero_padded() -> None:
    delhi = "07AAPFU0939F1Z"
    delhi += gstin_check_character(delhi)

    assert gstin_error(delhi, "7") is None
    assert gstin_error(delhi, "07") is None
    assert gstin_error(delhi, "8") is not None


def test_a_letter_state_code_is_not_compared() -> None:
    assert gstin_error("27AAPFU0939F1ZV", "MH") is None


@settings(max_examples=300, deadline=None)
@given(prefix=gstin_prefixes, wrong=st.sampled_from(ALPHABET))
def test_the_check_character_completes_any_well_formed_prefix(prefix: str, wrong: str) -> None:
    gstin = prefix + gstin_check_character(prefix)

    assert gstin_error(gstin, None) is None
    assert gstin_error(gstin, prefix[:2]) is None
    if wrong != gstin[14]:
        assert gstin_error(with_last(gstin, wrong), None) is not None


@settings(max_examples=300, deadline=None)
@given(prefix=gstin_prefixes, data=st.data())
def test_any_single_character_typo_in_the_body_is_caught(prefix: str, data: st.DataObject) -> None:
    # Luhn mod 36 detects every single-character substitution; keep the format valid so only the checksum can object
    gstin = prefix + gstin_check_character(prefix)
    position = data.draw(st.sampled_from([i for i in range(14) if i != 13]), label="position")
    same_class = "0123456789" if gstin[position].isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if position == 12:
        same_class = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    typo = data.draw(st.sampled_from(same_class.replace(gstin[position], "")), label="typo")
    mistyped = gstin[:position] + typo + gstin[position + 1 :]

    message = gstin_error(mistyped, None)
    assert message is not None
    assert "checksum" in message
