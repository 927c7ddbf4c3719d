"""The delivery settings: a channel is configured whole or not at all, URLs are checked at start, and
neither the SMTP password nor the gateway token is ever echoed."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from backend.core.config import InvalidSettings, Settings, SmtpServer, describe_invalid, get_settings, parse_smtp_url

SMTP = "smtp://mailer:pa%3Ass%40word@mail.example.com"
MAIL_FROM = "Mandi <no-reply@mandi.example>"
GATEWAY = "https://sms.example.com/v1/messages"


def problem(monkeypatch: pytest.MonkeyPatch, **environment: str) -> str:
    """The start-up message for ``environment`` (MANDI_ variables), which must be refused."""
    for name, value in environment.items():
        monkeypatch.setenv(f"MANDI_{name.upper()}", value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    return describe_invalid(caught.value)


def test_nothing_configured_is_the_development_default() -> None:
    settings = Settings()
    assert (settings.smtp_url, settings.smtp_server, settings.sms_gateway_url) == (None, None, None)
    assert (settings.message_max_attempts, settings.message_poll_seconds) == (8, 1.0)


def test_a_full_configuration_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "SMTP_URL": SMTP,
        "MAIL_FROM": MAIL_FROM,
        "SMS_GATEWAY_URL": GATEWAY,
        "SMS_GATEWAY_TOKEN": "t0ken-value",
        "SMS_SENDER": "MANDI",
    }.items():
        monkeypatch.setenv(f"MANDI_{name}", value)
    settings = Settings()
    assert settings.smtp_server == SmtpServer("mail.example.com", 587, "mailer", "pa:ss@word", False, False)
    assert settings.sms_gateway_token == SecretStr("t0ken-value")
    shown = repr(settings)
    assert [secret for secret in ("pa:ss", "pa%3Ass", "t0ken-value") if secret in shown] == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay.internal", SmtpServer("relay.internal", 587, None, None, False, False)),
        ("smtp://relay.internal:25?starttls=required", SmtpServer("relay.internal", 25, None, None, False, True)),
        ("smtp://relay.internal?starttls=auto", SmtpServer("relay.internal", 587, None, None, False, False)),
        ("smtps://u:p@mail.example.com", SmtpServer("mail.example.com", 465, "u", "p", True, False)),
        ("smtps://u:p@mail.example.com:2465/", SmtpServer("mail.example.com", 2465, "u", "p", True, False)),
    ],
)
def test_smtp_urls_parse(url: str, expected: SmtpServer) -> None:
    assert parse_smtp_url(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://mail.example.com", "must start with smtp:// or smtps://"),
        ("mail.example.com:587", "must start with smtp:// or smtps://"),
        ("smtp://", "no path"),
        ("smtp://mail.example.com/inbox", "no path"),
        ("smtp://mail.example.com:99999", "invalid port"),
        ("smtp://mailer@mail.example.com", "both a user and a password"),
        ("smtp://:s3cret-only@mail.example.com", "both a user and a password"),
        ("smtp://mail.example.com?tls=yes", "the only option is ?starttls"),
        ("smtp://mail.example.com?starttls=maybe", "the only option is ?starttls"),
        ("smtps://mail.example.com?starttls=required", "smtps:// is TLS already"),
    ],
)
def test_a_bad_smtp_url_is_refused_without_echoing_it(monkeypatch: pytest.MonkeyPatch, url: str, reason: str) -> None:
    message = problem(monkeypatch, smtp_url=url, mail_from=MAIL_FROM)
    assert message.startswith("invalid setting MANDI_SMTP_URL: ")
    assert reason in message
    assert "s3cret" not in message
    assert "example.com" not in message


@pytest.mark.parametrize(
    ("environment", "reason"),
    [
        ({"smtp_url": SMTP}, "MANDI_SMTP_URL and MANDI_MAIL_FROM go together"),
        ({"mail_from": MAIL_FROM}, "MANDI_SMTP_URL and MANDI_MAIL_FROM go together"),
        ({"sms_gateway_url": GATEWAY}, "MANDI_SMS_SENDER is required with MANDI_SMS_GATEWAY_URL"),
        ({"sms_gateway_token": "t"}, "need MANDI_SMS_GATEWAY_URL"),
        ({"sms_sender": "MANDI"}, "need MANDI_SMS_GATEWAY_URL"),
    ],
)
def test_a_half_configured_channel_is_refused(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], reason: str
) -> None:
    message = problem(monkeypatch, **environment)
    assert reason in message
    assert "pa%3Ass" not in message


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://sms.example.com/send", "must be an http(s):// URL with a host"),
        ("https:///send", "must be an http(s):// URL with a host"),
        ("https://user:pw@sms.example.com/send", "must not carry credentials"),
        ("http://sms.example.com/send", "must use https"),
    ],
)
def test_a_bad_gateway_url_is_refused(monkeypatch: pytest.MonkeyPatch, url: str, reason: str) -> None:
    message = problem(monkeypatch, sms_gateway_url=url, sms_sender="MANDI")
    assert message.startswith("invalid setting MANDI_SMS_GATEWAY_URL: ")
    assert reason in message


def test_plain_http_is_allowed_to_a_loopback_gateway(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANDI_SMS_GATEWAY_URL", "http://127.0.0.1:9000/send")
    monkeypatch.setenv("MANDI_SMS_SENDER", "MANDI")
    assert Settings().sms_gateway_url == "http://127.0.0.1:9000/send"


@pytest.mark.parametrize(
    "value", ["mandi", "no-reply@localhost", "Mandi <>", "Mandi <a@b.example>\r\nBcc: x@y.example", "@mandi.example"]
)
def test_a_bad_sender_address_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    assert "MANDI_MAIL_FROM: " in problem(monkeypatch, smtp_url=SMTP, mail_from=value)


@pytest.mark.parametrize("value", ["", "an SMS sender name far too long", "<MANDI>"])
def test_a_bad_sms_sender_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    if value == "":  # empty counts as unset: then the gateway lacks its sender
        assert "MANDI_SMS_SENDER is required" in problem(monkeypatch, sms_gateway_url=GATEWAY, sms_sender=value)
    else:
        assert "MANDI_SMS_SENDER: " in problem(monkeypatch, sms_gateway_url=GATEWAY, sms_sender=value)


def test_empty_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SMTP_URL", "MAIL_FROM", "SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN", "SMS_SENDER"):
        monkeypatch.setenv(f"MANDI_{name}", "")
    settings = Settings()
    assert (settings.smtp_url, settings.mail_from, settings.sms_gateway_token) == (None, None, None)


def test_start_up_names_the_problem_and_hides_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANDI_SMTP_URL", "smtp://mailer:hunter2@mail.example.com:0x19")
    monkeypatch.setenv("MANDI_MAIL_FROM", MAIL_FROM)
    get_settings.cache_clear()
    try:
        with pytest.raises(InvalidSettings, match=r"MANDI_SMTP_URL: .*invalid port") as caught:
            get_settings()
    finally:
        get_settings.cache_clear()
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in str(caught.value.__cause__)  # nor in a traceback's chained error
