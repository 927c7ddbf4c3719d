"""Everything the authentication use cases need, wired once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from backend.contracts.commodities.queries import CommodityFacade
from backend.core.cache import NO_CACHE, Cache
from backend.core.principal import DataScope
from backend.modules.identity.application.ports import IdentityUnitOfWork, PasswordHasher, SecretBox, TokenSigner


@dataclass(frozen=True)
class AuthSettings:
    audience: str = "mandi-api"
    access_ttl: timedelta = timedelta(minutes=15)
    refresh_ttl: timedelta = timedelta(days=30)
    mfa_ttl: timedelta = timedelta(minutes=5)
    otp_ttl: timedelta = timedelta(minutes=5)
    otp_max_attempts: int = 5
    otp_per_window: int = 3  # codes one user may request per ``throttle_window``
    throttle_window: timedelta = timedelta(minutes=15)
    failures_per_address: int = 20  # failed logins from one client address per window
    activation_ttl: timedelta = timedelta(days=7)
    reset_ttl: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class AuthContext:
    uow: Callable[[DataScope], IdentityUnitOfWork]
    signer: TokenSigner
    hasher: PasswordHasher
    secrets: SecretBox
    settings: AuthSettings
    # caches the per-request session lookup; use cases that end sessions or change grants invalidate it
    cache: Cache = NO_CACHE
    # the commodity master as the caller sees it, to check commodity scopes of role assignments
    commodities: Callable[[DataScope], CommodityFacade] | None = None
