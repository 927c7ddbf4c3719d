"""Static settings, read once from ``MANDI_*`` environment variables (and an optional file)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SMTP_DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class SmtpServer:
    """Where e-mail is handed over, parsed from ``MANDI_SMTP_URL``; the password stays out of reprs."""

    host: str
    port: int
    username: str | None
    password: str | None = field(repr=False)
    implicit_tls: bool  # smtps://: TLS from the first byte
    require_starttls: bool  # smtp://...?starttls=required: never send in clear text


def parse_smtp_url(url: str) -> SmtpServer:
    """``smtp[s]://[user:password@]host[:port][?starttls=auto|required]``; a ``ValueError`` never echoes
    the URL (it carries the password)."""
    parts = urlsplit(url)
    if parts.scheme not in SMTP_DEFAULT_PORTS:
        raise ValueError("must start with smtp:// or smtps://")
    try:
        port = parts.port or SMTP_DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise ValueError("has an invalid port") from None
    if not parts.hostname or parts.path not in ("", "/") or parts.fragment:
        raise ValueError("must be smtp[s]://[user:password@]host[:port] with no path")
    if (parts.username is None) != (parts.password is None) or parts.username == "":
        raise ValueError("credentials need both a user and a password (user:password@host)")
    query = parse_qs(parts.query, keep_blank_values=True)
    starttls = query.pop("starttls", ["auto"])
    if query or len(starttls) != 1 or starttls[0] not in ("auto", "required"):
        raise ValueError("the only option is ?starttls=auto|required")
    if parts.scheme == "smtps" and starttls[0] == "required":
        raise ValueError("smtps:// is TLS already; ?starttls applies to smtp:// only")
    return SmtpServer(
        host=parts.hostname,
        port=port,
        username=None if parts.username is None else unquote(parts.username),
        password=None if parts.password is None else unquote(parts.password),
        implicit_tls=parts.scheme == "smtps",
        require_starttls=starttls[0] == "required",
    )


def _check_gateway_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s):// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials: set MANDI_SMS_GATEWAY_TOKEN")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        # the bodies carry sign-in and reset codes, and the request the bearer token
        raise ValueError("must use https (plain http only to a loopback address)")
    return url


def _check_mail_from(value: str) -> str:
    _, address = parseaddr(value)
    local, _, domain = address.rpartition("@")
    if "\r" in value or "\n" in value or not local or "." not in domain.strip("."):
        raise ValueError("must be an e-mail address, optionally named: Mandi <no-reply@example.com>")
    return value


class Settings(BaseSettings):
    """Typed process settings; a bad value stops start-up with the key named."""

    # a validation error would otherwise carry the input (an SMTP URL's password) into tracebacks
    model_config = SettingsConfigDict(env_prefix="MANDI_", extra="ignore", hide_input_in_errors=True)

    environment: str = Field(default="development", description="development | test | production")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL; unset means an embedded PostgreSQL in data_dir",
    )
    data_dir: Path = Field(default=Path(".mandi"))
    contract_font_dir: Path | None = Field(
        default=None,
        description="folder searched first for the contract PDF fonts; unset: only Debian's font folders",
    )
    database_role: str | None = Field(
        default="mandi_app",
        description="role the app switches to on connect, so row-level security applies (not the owner)",
    )
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_max_overflow: int = Field(default=10, ge=0, le=200)
    run_relay: bool = Field(default=True, description="run the outbox relay inside the API process")
    relay_interval_seconds: float = Field(default=0.5, gt=0, le=60)
    relay_batch_size: int = Field(default=100, ge=1, le=10_000)
    relay_max_attempts: int = Field(default=10, ge=1, le=1000)
    idempotency_ttl_hours: int = Field(default=24, ge=1, le=24 * 30)
    log_level: str = Field(default="INFO")
    log_format: str | None = Field(
        default=None, pattern=r"^(json|console)$", description="unset: json in production, console elsewhere"
    )
    traces_exporter: str = Field(default="none", pattern=r"^(none|console|otlp)$", description="where spans go")
    otlp_endpoint: str | None = Field(default=None, description="OTLP/HTTP collector, e.g. http://otel-collector:4318")
    traces_sample_ratio: float = Field(default=1.0, ge=0, le=1, description="share of new traces recorded")
    metrics_enabled: bool = Field(default=True, description="serve /metrics and count HTTP requests")
    metrics_port: int | None = Field(default=None, ge=1, le=65535, description="mandi worker: serve /metrics here")
    broker_url: str | None = Field(
        default=None, description="nats://host:4222 for NATS JetStream; unset: the in-process bus"
    )
    broker_stream_prefix: str = Field(default="MANDI", pattern=r"^[A-Z][A-Z0-9_]{0,31}$")
    consumer_ack_wait_seconds: float = Field(default=30.0, gt=0, le=3600)
    consumer_max_attempts: int = Field(default=5, ge=1, le=100)
    shutdown_grace_seconds: float = Field(default=20.0, gt=0, le=600)
    region: str = Field(
        default="in", pattern=r"^[a-z]{2}(-[a-z0-9]{1,8})?$", description="data-residency region this deployment serves"
    )
    redis_url: str | None = Field(default=None, description="redis://host:6379/0; unset: in-process caches and limits")
    cache_backend: str = Field(
        default="auto",
        pattern=r"^(auto|none|memory|redis)$",
        description="auto: redis when redis_url is set, else memory (in-process); none: no caching",
    )
    cache_prefix: str = Field(
        default="mandi", pattern=r"^[A-Za-z0-9_.-]{1,64}$", description="prefix of the cache's Redis keys"
    )
    cache_redis_timeout_seconds: float = Field(
        default=0.25, gt=0, le=10, description="a Redis slower than this counts as down: requests load from the source"
    )
    secret_key: str | None = Field(
        default=None,
        description="encrypts signing keys and TOTP secrets; unset in development: a key file in data_dir",
    )
    secrets_dir: Path | None = Field(
        default=None, description="a directory of secret files named by the secret (Docker/Kubernetes secrets)"
    )
    config_poll_seconds: float = Field(
        default=2.0, gt=0, le=300, description="the longest a process serves runtime configuration unchecked"
    )
    argon2_time_cost: int = Field(default=3, ge=1, le=20)
    argon2_memory_kib: int = Field(default=64 * 1024, ge=8, le=4 * 1024 * 1024)
    token_issuer: str = Field(default="mandi")
    token_audience: str = Field(default="mandi-api")
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    # real delivery of e-mail and SMS (docs/messaging.md); a channel left unset keeps the development
    # mailbox identity.dev_messages
    smtp_url: SecretStr | None = Field(
        default=None, description="smtp[s]://[user:password@]host[:port][?starttls=required]; unset: no e-mail sent"
    )
    mail_from: str | None = Field(default=None, description="From of every e-mail, e.g. Mandi <no-reply@example.com>")
    sms_gateway_url: str | None = Field(default=None, description="https URL that takes POST {to, body, sender}")
    sms_gateway_token: SecretStr | None = Field(default=None, description="bearer token for the SMS gateway")
    sms_sender: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9+][A-Za-z0-9 +._-]{0,19}$", description="sender id of the SMS, e.g. MANDI"
    )
    message_poll_seconds: float = Field(default=1.0, gt=0, le=60, description="outgoing messages: poll interval")
    message_batch_size: int = Field(default=10, ge=1, le=500)
    message_max_attempts: int = Field(default=8, ge=1, le=100, description="then a message is marked failed")
    message_send_timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    @field_validator("smtp_url", "mail_from", "sms_gateway_url", "sms_gateway_token", "sms_sender", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url_parses(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            parse_smtp_url(value.get_secret_value())
        return value

    @field_validator("sms_gateway_url")
    @classmethod
    def _gateway_url_shape(cls, value: str | None) -> str | None:
        return None if value is None else _check_gateway_url(value)

    @field_validator("mail_from")
    @classmethod
    def _mail_from_shape(cls, value: str | None) -> str | None:
        return None if value is None else _check_mail_from(value)

    @model_validator(mode="after")
    def _transports_complete(self) -> Self:
        problems = []
        if (self.smtp_url is None) != (self.mail_from is None):
            problems.append("MANDI_SMTP_URL and MANDI_MAIL_FROM go together: set both or neither")
        if self.sms_gateway_url is not None and self.sms_sender is None:
            problems.append("MANDI_SMS_SENDER is required with MANDI_SMS_GATEWAY_URL")
        if self.sms_gateway_url is None and (self.sms_sender is not None or self.sms_gateway_token is not None):
            problems.append("MANDI_SMS_SENDER and MANDI_SMS_GATEWAY_TOKEN need MANDI_SMS_GATEWAY_URL")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def smtp_server(self) -> SmtpServer | None:
        """``MANDI_SMTP_URL`` parsed (validated at start, so this cannot fail)."""
        return None if self.smtp_url is None else parse_smtp_url(self.smtp_url.get_secret_value())


SETTINGS_FILE = "MANDI_SETTINGS_FILE"


class InvalidSettings(ValueError):
    """The settings cannot start a process; the message names each bad ``MANDI_*`` variable."""


def describe_invalid(error: ValidationError) -> str:
    """One clause per bad setting, named as its environment variable (the input is not echoed:
    it may be a secret)."""
    problems = []
    for item in error.errors():
        name = f"MANDI_{str(item['loc'][0]).upper()}" if item["loc"] else "settings"
        problems.append(f"{name}: {item['msg']}")
    return "invalid setting " + "; ".join(problems)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own ``Settings``).

    ``MANDI_SETTINGS_FILE`` may name a dotenv file of ``MANDI_*=value`` lines; environment
    variables override it. Raises ``InvalidSettings`` naming every bad key.
    """
    path = os.environ.get(SETTINGS_FILE) or None
    if path is not None and not Path(path).is_file():
        raise InvalidSettings(f"{SETTINGS_FILE} names {path}, which is not a readable file")
    try:
        return Settings(_env_file=path)
    except ValidationError as error:
        raise InvalidSettings(describe_invalid(error)) from error
