"""Cache policies: what a read path may cache, for whom, for how long, and which events end it."""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from backend.core.cache.codec import Codec
from backend.core.principal import Principal

T = TypeVar("T")

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_WIRE_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.v[1-9][0-9]*$")


class CacheScope(enum.StrEnum):
    GLOBAL = "global"  # one entry serves every caller: the value depends on no tenant or user
    TENANT = "tenant"  # an entry per tenant (tenant-less platform callers share one partition of their own)
    USER = "user"  # an entry per user (within the user's tenant)


@dataclass(frozen=True)
class CachePolicy(Generic[T]):
    """Declares how one read path is cached; the read path applies it with ``Cache.get_or_load``.

    ``ttl``: how long a value is served as fresh. ``stale_while_revalidate``: how long after that a
    value is still served while one background load replaces it (0: expired means a miss).
    ``max_entries``: the bound of the in-process backend (Redis evicts by its own memory policy).
    ``invalidated_by``: wire names of events after which this policy's entries of the event's tenant
    (every tenant's, for an event without one) are dropped.
    """

    name: str
    codec: Codec[T]
    ttl: timedelta
    scope: CacheScope = CacheScope.TENANT
    max_entries: int = 10_000
    stale_while_revalidate: timedelta = timedelta(0)
    invalidated_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"cache policy name {self.name!r} must be dotted lower_snake, e.g. 'commodities.page'")
        if self.ttl <= timedelta(0):
            raise ValueError(f"cache policy {self.name}: ttl must be positive")
        if self.stale_while_revalidate < timedelta(0):
            raise ValueError(f"cache policy {self.name}: stale_while_revalidate cannot be negative")
        if self.max_entries < 1:
            raise ValueError(f"cache policy {self.name}: max_entries must be at least 1")
        for wire_name in self.invalidated_by:
            if not _WIRE_NAME.match(wire_name):
                raise ValueError(f"cache policy {self.name}: {wire_name!r} is not an event wire name")

    @property
    def ttl_seconds(self) -> float:
        return self.ttl.total_seconds()

    @property
    def stale_seconds(self) -> float:
        return self.stale_while_revalidate.total_seconds()

    @property
    def lifetime_seconds(self) -> float:
        """How long a stored entry may be used at all (fresh, then stale)."""
        return self.ttl_seconds + self.stale_seconds


@dataclass(frozen=True)
class CacheOwner:
    """Whose entry it is. ``tenant_id`` None is the platform's own partition, never "any tenant"."""

    tenant_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None

    @classmethod
    def of(cls, principal: Principal) -> CacheOwner:
        return cls(principal.tenant_id, principal.user_id)

    @classmethod
    def tenant(cls, tenant_id: uuid.UUID | None) -> CacheOwner:
        return cls(tenant_id)
