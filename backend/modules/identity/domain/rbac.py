"""Role-based access control with hierarchies and constraints (the RBAC96 'RBAC3' model).

Roles bundle permission patterns (``commodities.write``, ``commodities.*``, ``*.read``, ``*``) and
inherit other roles; assignments give a role to a user for the whole tenant or some branches (and
optionally some commodities) until an optional expiry; static separation-of-duty sets cap how many
roles of a set one user may hold.
"""

from __future__ import annotations

import fnmatch
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.core.principal import Grant
from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.events import RoleAssigned

ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{1,49}")
PATTERN = re.compile(r"\*|\*\.[a-z_]+|[a-z_]+\.\*|[a-z][a-z_]*\.[a-z][a-z_]*")


@dataclass(eq=False)
class Role(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    name: str
    description: str
    permissions: frozenset[str]
    inherits: frozenset[uuid.UUID]
    system: bool
    created_at: datetime
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @staticmethod
    def errors(name: str, permissions: Iterable[str], known: Iterable[str]) -> list[FieldError]:
        errors: list[FieldError] = []
        if not ROLE_NAME.fullmatch(name):
            errors.append(FieldError("name", f"{name!r} must be snake_case, 2 to 50 characters"))
        known_codes = list(known)
        for index, pattern in enumerate(permissions):
            if not PATTERN.fullmatch(pattern):
                errors.append(FieldError(f"permissions.{index}", f"{pattern!r} is not a permission or pattern"))
            elif not fnmatch.filter(known_codes, pattern):
                errors.append(FieldError(f"permissions.{index}", f"{pattern!r} matches no declared permission"))
        return errors

    @classmethod
    def define(
        cls,
        tenant_id: uuid.UUID,
        name: str,
        description: str,
        permissions: Iterable[str],
        inherits: Iterable[uuid.UUID],
        known_permissions: Iterable[str],
        *,
        system: bool = False,
    ) -> Role:
        requested = list(permissions)  # in the caller's order, so errors name the right position
        if errors := cls.errors(name, requested, known_permissions):
            raise InvalidIdentityInput(errors)
        return cls(
            new_uuid(),
            tenant_id,
            name,
            description.strip(),
            frozenset(requested),
            frozenset(inherits),
            system,
            utc_now(),
        )

    def change(
        self,
        description: str | None,
        permissions: Iterable[str] | None,
        inherits: Iterable[uuid.UUID] | None,
        known_permissions: Iterable[str],
    ) -> None:
        if self.system:
            raise StateConflict(f"{self.name} is a system role; define a new role that inherits it instead")
        if permissions is not None:
            requested = list(permissions)
            if errors := self.errors(self.name, requested, known_permissions):
                raise InvalidIdentityInput(errors)
            self.permissions = frozenset(requested)
        if description is not None:
            self.description = description.strip()
        if inherits is not None:
            self.inherits = frozenset(inherits)
        if self.version == self.persisted_version:
            self.version += 1

    def redefine(self, description: str, permissions: Iterable[str], known_permissions: Iterable[str]) -> Redefinition:
        """Bring a system role to the catalogue of the running release.

        Tenants cannot edit system roles, so the catalogue is their only source: when a release adds
        or drops permissions, every tenant's copy follows it. A change returns what moved; the same
        definition again changes nothing (and keeps the version).
        """
        if not self.system:
            raise StateConflict(f"{self.name} is a tenant's own role; only system roles follow the catalogue")
        requested = list(permissions)  # in the catalogue's order, so errors name the right position
        if errors := self.errors(self.name, requested, known_permissions):
            raise InvalidIdentityInput(errors)
        wanted, described = frozenset(requested), description.strip()
        redefinition = Redefinition(
            added=wanted - self.permissions,
            removed=self.permissions - wanted,
            previous_description=None if described == self.description else self.description,
        )
        if redefinition.changed:
            self.permissions, self.description = wanted, described
            if self.version == self.persisted_version:
                self.version += 1
        return redefinition


@dataclass(frozen=True)
class Redefinition:
    """What ``Role.redefine`` changed: patterns added and removed, the description it replaced (if any)."""

    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    previous_description: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed) or self.previous_description is not None


def find_cycle(role: Role, proposed_inherits: Iterable[uuid.UUID], roles: Mapping[uuid.UUID, Role]) -> list[str] | None:
    """The names along a loop if ``role`` inherited ``proposed_inherits``, else None."""
    graph = {rid: set(r.inherits) for rid, r in roles.items()}
    graph[role.id] = set(proposed_inherits)
    names = {rid: r.name for rid, r in roles.items()} | {role.id: role.name}

    def walk(node: uuid.UUID, path: list[uuid.UUID]) -> list[uuid.UUID] | None:
        for parent in sorted(graph.get(node, ())):
            if parent == role.id:
                return [*path, parent]
            if parent not in path:
                found = walk(parent, [*path, parent])
                if found:
                    return found
        return None

    loop = walk(role.id, [role.id])
    return None if loop is None else [names.get(rid, str(rid)) for rid in loop]


def closure(role_ids: Iterable[uuid.UUID], roles: Mapping[uuid.UUID, Role]) -> set[uuid.UUID]:
    """The roles and every role they inherit, transitively."""
    seen: set[uuid.UUID] = set()
    stack = list(role_ids)
    while stack:
        current = stack.pop()
        if current in seen or current not in roles:
            continue
        seen.add(current)
        stack.extend(roles[current].inherits)
    return seen


def expand(patterns: Iterable[str], known_permissions: Iterable[str]) -> set[str]:
    known = list(known_permissions)
    return {code for pattern in patterns for code in fnmatch.filter(known, pattern)}


@dataclass(eq=False)
class RoleAssignment(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    user_id: uuid.UUID
    role_id: uuid.UUID
    branch_ids: frozenset[uuid.UUID]  # empty: the whole tenant
    commodity_ids: frozenset[uuid.UUID]  # empty: every commodity
    expires_at: datetime | None
    granted_by: uuid.UUID | None
    granted_at: datetime
    revoked_at: datetime | None = None
    revoked_by: uuid.UUID | None = None
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def grant(
        cls,
        tenant_id: uuid.UUID,
        user_id: uuid.UUID,
        role: Role,
        branch_ids: Iterable[uuid.UUID],
        commodity_ids: Iterable[uuid.UUID],
        expires_at: datetime | None,
        granted_by: uuid.UUID | None,
    ) -> RoleAssignment:
        now = utc_now()
        if expires_at is not None and expires_at <= now:
            raise InvalidIdentityInput([FieldError("expires_at", "the expiry must lie in the future")])
        assignment = cls(
            new_uuid(),
            tenant_id,
            user_id,
            role.id,
            frozenset(branch_ids),
            frozenset(commodity_ids),
            expires_at,
            granted_by,
            now,
        )
        assignment.record(RoleAssigned(assignment_id=assignment.id, role_name=role.name))
        return assignment

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def revoke(self, by: uuid.UUID) -> None:
        if self.revoked_at is not None:
            raise StateConflict("the assignment is already revoked")
        self.revoked_at = utc_now()
        self.revoked_by = by
        self.version += 1

    def grant_scope(self) -> Grant:
        return Grant(
            branches=self.branch_ids or None,
            commodities=self.commodity_ids or None,
        )


@dataclass(frozen=True)
class SodConstraint:
    """A user may hold at most ``max_roles`` of ``role_ids`` (inherited roles count too)."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    name: str
    role_ids: frozenset[uuid.UUID]
    max_roles: int = 1
    created_at: datetime = field(default_factory=utc_now)

    @classmethod
    def define(
        cls, tenant_id: uuid.UUID, name: str, role_ids: Iterable[uuid.UUID], max_roles: int = 1
    ) -> SodConstraint:
        roles = frozenset(role_ids)
        errors: list[FieldError] = []
        if not 0 < len(name.strip()) <= 100:
            errors.append(FieldError("name", "name must have 1 to 100 characters"))
        if len(roles) < 2:
            errors.append(FieldError("role_ids", "a separation-of-duty set names at least two roles"))
        if not 1 <= max_roles < max(len(roles), 2):
            errors.append(FieldError("max_roles", "max_roles must be at least 1 and below the number of roles"))
        if errors:
            raise InvalidIdentityInput(errors)
        return cls(new_uuid(), tenant_id, name.strip(), roles, max_roles)

    def held(self, user_roles: set[uuid.UUID]) -> set[uuid.UUID]:
        return set(self.role_ids & user_roles)

    def violated_by(self, user_roles: set[uuid.UUID]) -> bool:
        return len(self.held(user_roles)) > self.max_roles
