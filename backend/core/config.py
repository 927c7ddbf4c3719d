"""Static settings, read once from ``MANDI_*`` environment variables (and an optional file)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Typed process settings; a bad value stops start-up with the key named."""

    model_config = SettingsConfigDict(env_prefix="MANDI_", extra="ignore")

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
