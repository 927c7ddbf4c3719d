"""The password policy: long enough, varied enough, not common, not the user's own e-mail name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.modules.identity.domain.passwords import MAX_LENGTH, MIN_LENGTH, password_problems

LENGTH = f"at least {MIN_LENGTH} characters are required"
TOO_LONG = f"at most {MAX_LENGTH} characters are allowed"
VARIETY = "use at least three of: lower case, upper case, digits, symbols"
COMMON = "this password is too common"
EMAIL_NAME = "the password must not contain the e-mail name"


def test_a_strong_password_has_no_problems() -> None:
    assert password_problems("Tr4ding-Desk!") == []


def test_exactly_the_minimum_length_is_enough() -> None:
    assert password_problems("Tr4dingDesk1") == []
    assert len("Tr4dingDesk1") == MIN_LENGTH


def test_one_character_short_is_refused() -> None:
    assert password_problems("Tr4ding-Dsk") == [LENGTH]


def test_the_maximum_length_is_enforced() -> None:
    assert password_problems("Aa1!" * (MAX_LENGTH // 4)) == []
    assert password_problems("Aa1!" * (MAX_LENGTH // 4) + "x") == [TOO_LONG]


@pytest.mark.parametrize(
    "password",
    ["tradingDesk42", "tradingDesk-!", "trading-desk-42", "TRADING-DESK-42", "Trading Desk 42"],
    ids=["lower-upper-digit", "lower-upper-symbol", "lower-digit-symbol", "upper-digit-symbol", "space-is-a-symbol"],
)
def test_any_three_character_classes_are_enough(password: str) -> None:
    assert password_problems(password) == []


@pytest.mark.parametrize(
    "password", ["tradingdesk42", "TRADINGDESK42", "tradingDeskXyz", "123456789-!-!", "abcdefghijklm"]
)
def test_fewer_than_three_classes_are_refused(password: str) -> None:
    assert password_problems(password) == [VARIETY]


@pytest.mark.parametrize("password", ["Password1234", "pASSWORD1234", "Welcome12345", "Admin1234567"])
def test_common_passwords_are_refused_whatever_their_case(password: str) -> None:
    assert password_problems(password) == [COMMON]


def test_the_email_name_may_not_appear_in_the_password() -> None:
    assert password_problems("My-Ravi.Kumar-2024", email="ravi.kumar@example.com") == [EMAIL_NAME]
    assert password_problems("My-RAVI.KUMAR-2024", email="Ravi.Kumar@Example.com") == [EMAIL_NAME]


def test_a_short_email_name_is_not_checked() -> None:
    # three letters would forbid too many passwords for too little benefit
    assert password_problems("Abc-Trading-99", email="abc@example.com") == []


def test_without_an_email_only_the_password_is_judged() -> None:
    assert password_problems("My-Ravi.Kumar-2024") == []


def test_every_problem_is_reported_at_once() -> None:
    assert password_problems("ravi", email="ravi@example.com") == [LENGTH, VARIETY, EMAIL_NAME]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=MIN_LENGTH - 1))
def test_any_short_password_is_refused_for_length(password: str) -> None:
    assert LENGTH in password_problems(password)
