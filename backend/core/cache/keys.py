"""Where an entry lives: its tenant and user partition, and a digest of the read's parameters."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from backend.core.cache.policy import CacheOwner, CachePolicy, CacheScope

NOBODY = "-"  # the tenant segment of the platform's partition, the user segment of shared entries


@dataclasses.dataclass(frozen=True)
class Slot:
    """A policy's entry: ``tenant`` and ``user`` are part of every key, so no entry can answer for
    another tenant (or, with user scope, another user), whatever the parameters."""

    tenant: str
    user: str
    digest: str

    @property
    def key(self) -> str:
        return f"{self.tenant}:{self.user}:{self.digest}"


def slot_for(policy: CachePolicy[Any], owner: CacheOwner, parts: object) -> Slot:
    digest = hashlib.sha256(canonical(parts).encode()).hexdigest()[:40]
    if policy.scope is CacheScope.GLOBAL:
        return Slot(NOBODY, NOBODY, digest)
    tenant = NOBODY if owner.tenant_id is None else str(owner.tenant_id)
    if policy.scope is CacheScope.TENANT:
        return Slot(tenant, NOBODY, digest)
    if owner.user_id is None:
        raise ValueError(f"cache policy {policy.name} is per user: its owner needs a user_id")
    return Slot(tenant, str(owner.user_id), digest)


def canonical(part: object) -> str:
    """A stable, unambiguous text for a read's parameters (types included: 1 and "1" differ).

    Only plain values are accepted; an object whose text would be its memory address would make
    every call a miss, so it is refused.
    """
    if part is None:
        return "n"
    if isinstance(part, bool):
        return f"b{int(part)}"
    if isinstance(part, enum.Enum):
        return f"e{type(part).__name__}={canonical(part.value)}"
    if isinstance(part, int):
        return f"i{part}"
    if isinstance(part, str):
        return f"s{len(part)}:{part}"
    if isinstance(part, uuid.UUID):
        return f"u{part}"
    if isinstance(part, Decimal):
        return f"d{part}"
    if isinstance(part, datetime | date | time):
        return f"t{part.isoformat()}"
    if isinstance(part, tuple | list):
        return "(" + ",".join(canonical(p) for p in part) + ")"
    if dataclasses.is_dataclass(part) and not isinstance(part, type):
        fields = (canonical(getattr(part, f.name)) for f in dataclasses.fields(part))
        return f"{type(part).__name__}(" + ",".join(fields) + ")"
    raise TypeError(f"cannot use a {type(part).__name__} in a cache key; pass plain values or a dataclass of them")
