"""Feature flags: a kill switch, tenant allow and deny lists, and a stable percentage rollout."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

BUCKETS = 100


def bucket(flag: str, tenant_id: uuid.UUID) -> int:
    """The tenant's place (0-99) in ``flag``'s rollout: the same on every process, every run, and
    independent between flags, so one tenant is not first in line for every feature."""
    digest = hashlib.sha256(f"{flag}:{tenant_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


@dataclass(frozen=True)
class FlagRule:
    enabled: bool
    allow_tenants: frozenset[uuid.UUID] = frozenset()
    deny_tenants: frozenset[uuid.UUID] = frozenset()
    percentage: int = 100

    @classmethod
    def from_value(cls, value: Mapping[str, Any]) -> FlagRule:
        """From a value that already satisfied the flag schema."""
        return cls(
            enabled=bool(value["enabled"]),
            allow_tenants=frozenset(uuid.UUID(t) for t in value.get("allow_tenants", ())),
            deny_tenants=frozenset(uuid.UUID(t) for t in value.get("deny_tenants", ())),
            percentage=int(value.get("percentage", 100)),
        )

    def is_on(self, flag: str, tenant_id: uuid.UUID | None) -> bool:
        """Off when disabled or denied; on when allowed; else on for ``percentage`` % of tenants.
        Outside any tenant (platform work) only a full rollout counts as on."""
        if not self.enabled:
            return False
        if tenant_id is None:
            return self.percentage >= BUCKETS
        if tenant_id in self.deny_tenants:
            return False
        if tenant_id in self.allow_tenants:
            return True
        return bucket(flag, tenant_id) < self.percentage
