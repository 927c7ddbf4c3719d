"""Without a database: the retry schedule, subjects that never quote a code, masked recipients, the
e-mail's headers and the errors kept on a message."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from backend.modules.identity.infrastructure.message_dispatcher import (
    MAX_RETRY_DELAY,
    masked,
    retry_delay,
    short_error,
)
from backend.modules.identity.infrastructure.outgoing_queue import OutgoingMessage
from backend.modules.identity.infrastructure.smtp_transport import SUBJECT_FALLBACK, compose, subject_of


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 10), (2, 20), (3, 40), (4, 80), (5, 160), (6, 320), (7, 640), (8, 1280)]
)
def test_retries_wait_ten_seconds_doubling(attempts: int, seconds: int) -> None:
    assert retry_delay(attempts) == timedelta(seconds=seconds)


@pytest.mark.parametrize("attempts", [9, 10, 50, 100])
def test_retries_wait_at_most_thirty_minutes(attempts: int) -> None:
    assert retry_delay(attempts) == MAX_RETRY_DELAY == timedelta(minutes=30)


def test_the_default_eight_tries_span_about_twenty_minutes() -> None:
    # between tries 1..8 come seven waits: long enough to ride out a short outage
    assert sum((retry_delay(n) for n in range(1, 8)), timedelta()) == timedelta(seconds=1270)
    delays = [retry_delay(n) for n in range(1, 40)]
    assert delays == sorted(delays)


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        ("Welcome to Mandi. Activate your account with this code: Xy_9-abcdefghijklmnop", "Welcome to Mandi"),
        (
            "Reset your Mandi password with this code: AbCdEfGhIjKlMnOpQrStUv",
            "Reset your Mandi password with this code",
        ),
        ("Your Mandi sign-in code is 123456. It expires in 5 minutes.", "Your Mandi sign-in code is"),
        (
            "Mandi: your requirement has a new match M-aB3dE6gH9jK1mN scoring 87%. Open it in Mandi.",
            "Mandi: your requirement has a new match",
        ),
        ("Your seller's e-mail sign-in: M-x", "Your seller's e-mail sign-in"),
        ("I approved a buyer's limit.", "I approved a buyer's limit"),
        ("123456 is your code", SUBJECT_FALLBACK),
        ("", SUBJECT_FALLBACK),
        ("word " * 40, ("word " * 15).strip()),
    ],
)
def test_a_subject_is_the_first_sentence_up_to_any_code(body: str, subject: str) -> None:
    assert subject_of(body) == subject
    assert len(subject_of(body)) <= 78


def test_an_email_is_plain_text_utf8_with_a_stable_message_id() -> None:
    message = OutgoingMessage(uuid.uuid4(), "email", "ravi@mill.example", "Welcome to Mandi. ₹ भुगतान", 0)
    email = compose(message, "Mandi <no-reply@mandi.example>")
    assert email["Message-ID"] == f"<{message.id}@mandi.example>"
    assert compose(message, "Mandi <no-reply@mandi.example>")["Message-ID"] == email["Message-ID"]  # a retry too
    assert (email["From"], email["To"], email["Subject"]) == (
        "Mandi <no-reply@mandi.example>",
        "ravi@mill.example",
        "Welcome to Mandi",
    )
    assert (email.get_content_type(), email.get_content_charset()) == ("text/plain", "utf-8")
    assert email["Date"] is not None
    email.as_bytes().decode("ascii")  # 7-bit clean on the wire: any server takes it


@pytest.mark.parametrize(
    ("recipient", "shown"),
    [("ravi.kumar@mill.example", "r***@mill.example"), ("+919812345678", "***678"), ("ab", "***ab")],
)
def test_recipients_are_masked(recipient: str, shown: str) -> None:
    assert masked(recipient) == shown


def test_a_stored_error_is_one_short_line_without_recipient_or_code() -> None:
    error = ConnectionError("refused for ravi@mill.example: code is 123456\nsecond line")
    assert (
        short_error(error, "ravi@mill.example") == "ConnectionError: refused for r***@mill.example: code is [REDACTED]"
    )
    assert short_error(TimeoutError(), "x@y.example") == "TimeoutError"
    assert len(short_error(ValueError("x" * 2000), "x@y.example")) == 300
