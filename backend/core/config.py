"""Static settings, read once from ``MANDI_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
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
    secret_key: str | None = Field(
        default=None,
        description="encrypts signing keys and TOTP secrets; unset in development: a key file in data_dir",
    )
    argon2_time_cost: int = Field(default=3, ge=1, le=20)
    argon2_memory_kib: int = Field(default=64 * 1024, ge=8, le=4 * 1024 * 1024)
    token_issuer: str = Field(default="mandi")
    token_audience: str = Field(default="mandi-api")
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own ``Settings``)."""
    return Settings()
