"""Who changes configuration, in the terms the write rules need."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal, UserKind


@dataclass(frozen=True)
class Writer:
    """``actor`` is recorded in the audit trail (a user id, or ``cli:<login>``); ``branches`` None
    means every branch of ``tenant_id``."""

    actor: str
    platform: bool
    tenant_id: uuid.UUID | None
    branches: frozenset[uuid.UUID] | None = None

    @classmethod
    def of(cls, principal: Principal, permission: str) -> Writer:
        return cls(
            actor=str(principal.user_id),
            platform=principal.kind is UserKind.PLATFORM,
            tenant_id=principal.tenant_id,
            branches=principal.permitted_branches(permission),
        )
