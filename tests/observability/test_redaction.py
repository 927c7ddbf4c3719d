"""The redaction processor: secret keys masked wherever they are, token-like text cut out of messages."""

from __future__ import annotations

import secrets
import uuid

import jwt
import pytest

from backend.core.observability.redaction import REDACTED, redact_secrets, redact_text

JWT = jwt.encode({"sub": "user-1", "aud": "mandi-api"}, "k" * 32, algorithm="HS256")
OPAQUE = "Xq9" + secrets.token_urlsafe(32)  # refresh, activation and reset tokens look like this


def redact(**event: object) -> dict[str, object]:
    return dict(redact_secrets(None, "info", dict(event)))


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "new_password",
        "token",
        "access_token",
        "refresh_token",
        "mfa_token",
        "otp",
        "code",
        "Authorization",
        "secret",
        "client_secret",
        "api_key",
        "totp_secret",
        "cookie",
    ],
)
def test_values_of_secret_keys_are_masked(key: str) -> None:
    assert redact(event="signed in", **{key: "hunter2"})[key] == REDACTED


def test_secrets_nested_in_dicts_and_lists_are_masked_and_the_rest_kept() -> None:
    body = {"username": "meena@mandi.example", "password": "hunter2", "items": [{"refresh_token": "abc"}]}
    redacted = redact(event="request", body=body)["body"]
    assert redacted == {"username": "meena@mandi.example", "password": REDACTED, "items": [{"refresh_token": REDACTED}]}


def test_bearer_tokens_and_jwts_in_messages_are_cut_out() -> None:
    message = redact(event=f"call failed with Authorization: Bearer {JWT} and then {JWT}")["event"]
    assert isinstance(message, str)
    assert JWT not in message
    assert "Bearer [REDACTED]" in message
    assert JWT.split(".")[2] not in message


def test_secret_pairs_codes_and_opaque_tokens_in_prose_are_cut_out() -> None:
    for text, secret in (
        ("login with password=hunter2 failed", "hunter2"),
        ('body {"refresh_token": "r3fresh-tok"} rejected', "r3fresh-tok"),
        ("Your sign-in code is 482913. It expires in 5 minutes", "482913"),
        ("otp: 771204", "771204"),
        (f"activation link /activate?t={OPAQUE}", OPAQUE),
    ):
        assert secret not in redact_text(text), text


def test_ordinary_values_are_left_alone() -> None:
    request_id = uuid.uuid4().hex
    event = redact(
        event=f"GET /api/v1/commodities/{uuid.uuid4()} answered 404 in 12 ms",
        request_id=request_id,
        trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
        status_code=404,
        token_type=None,
        stale=False,
    )
    assert event["request_id"] == request_id
    assert event["status_code"] == 404
    assert "answered 404 in 12 ms" in str(event["event"])


def test_exception_text_is_redacted_too() -> None:
    event = redact(event="failed", exception=f"ValueError: bad token {JWT}")
    assert JWT not in str(event["exception"])
