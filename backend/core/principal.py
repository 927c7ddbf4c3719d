"""Who is acting: the authenticated user, their tenant, partner and effective grants.

Every context receives a ``Principal`` and scopes its work by it; only identity builds one.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from backend.core.errors import Forbidden, MakerCheckerViolation


class UserKind(enum.StrEnum):
    PLATFORM = "platform"  # operates Mandi itself: no tenant, no partner
    INTERNAL = "internal"  # a tenant's own staff
    EXTERNAL = "external"  # a person of one of the tenant's business partners


@dataclass(frozen=True)
class Grant:
    """Where a permission holds: ``None`` means everywhere, else only the listed ids."""

    branches: frozenset[uuid.UUID] | None = None
    commodities: frozenset[uuid.UUID] | None = None

    def covers(self, branch_id: uuid.UUID | None, commodity_id: uuid.UUID | None) -> bool:
        if branch_id is not None and self.branches is not None and branch_id not in self.branches:
            return False
        return not (commodity_id is not None and self.commodities is not None and commodity_id not in self.commodities)


@dataclass(frozen=True)
class DataScope:
    """What the database may show this unit of work (row-level security settings)."""

    tenant_id: uuid.UUID | None
    partner_id: uuid.UUID | None = None
    platform: bool = False


SYSTEM_SCOPE = DataScope(tenant_id=None, platform=True)


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    kind: UserKind
    tenant_id: uuid.UUID | None
    partner_id: uuid.UUID | None = None
    roles: frozenset[str] = frozenset()
    grants: Mapping[str, tuple[Grant, ...]] = field(default_factory=dict)
    session_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        shapes = {
            UserKind.PLATFORM: self.tenant_id is None and self.partner_id is None,
            UserKind.INTERNAL: self.tenant_id is not None and self.partner_id is None,
            UserKind.EXTERNAL: self.tenant_id is not None and self.partner_id is not None,
        }
        if not shapes[self.kind]:
            raise ValueError(
                f"a {self.kind} principal cannot have tenant {self.tenant_id} and partner {self.partner_id}"
            )

    @property
    def data_scope(self) -> DataScope:
        return DataScope(self.tenant_id, self.partner_id, platform=self.kind is UserKind.PLATFORM)

    def can(
        self, permission: str, *, branch_id: uuid.UUID | None = None, commodity_id: uuid.UUID | None = None
    ) -> bool:
        return any(grant.covers(branch_id, commodity_id) for grant in self.grants.get(permission, ()))

    def require(
        self, permission: str, *, branch_id: uuid.UUID | None = None, commodity_id: uuid.UUID | None = None
    ) -> None:
        if not self.can(permission, branch_id=branch_id, commodity_id=commodity_id):
            where = "" if branch_id is None else f" in branch {branch_id}"
            raise Forbidden(f"permission {permission} is required{where}", extra={"permission": permission})

    def permitted_branches(self, permission: str) -> frozenset[uuid.UUID] | None:
        """Branches where ``permission`` holds; ``None`` means all of them."""
        grants = self.grants.get(permission, ())
        if any(grant.branches is None for grant in grants):
            return None
        return frozenset(branch for grant in grants for branch in grant.branches or ())


def merge_grants(pairs: Iterable[tuple[str, Grant]]) -> dict[str, tuple[Grant, ...]]:
    merged: dict[str, list[Grant]] = {}
    for code, grant in pairs:
        merged.setdefault(code, []).append(grant)
    return {code: tuple(grants) for code, grants in merged.items()}


def ensure_not_maker(actor: Principal, maker_id: uuid.UUID | None, action: str) -> None:
    """Refuse ``action`` (e.g. "approve this partner") when ``actor`` made the thing acted on."""
    if maker_id is not None and actor.user_id == maker_id:
        raise MakerCheckerViolation(f"the user who made this cannot {action}; another user must")
