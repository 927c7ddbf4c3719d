"""A user's effective grants: active assignments, their roles' closure, patterns expanded."""

from __future__ import annotations

import uuid
from typing import Any

from backend.core.clock import utc_now
from backend.core.permissions import all_permissions
from backend.core.principal import Grant, UserKind, merge_grants
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.domain.rbac import closure, expand
from backend.modules.identity.domain.user import User

Grants = dict[str, tuple[Grant, ...]]


def tenant_permission_codes() -> list[str]:
    return [p.code for p in all_permissions() if not p.platform_only]


async def grants_of(uow: IdentityUnitOfWork, user: User) -> tuple[list[str], Grants]:
    """Role names and grants; a platform operator holds every permission everywhere."""
    if user.kind is UserKind.PLATFORM:
        return ["platform_operator"], {p.code: (Grant(),) for p in all_permissions()}
    now = utc_now()
    assignments = [a for a in await uow.assignments.active_for(user.id) if a.active(now)]
    roles = await uow.roles.all_roles()
    known = tenant_permission_codes()
    pairs: list[tuple[str, Grant]] = []
    names: set[str] = set()
    for assignment in assignments:
        for role_id in closure([assignment.role_id], roles):
            names.add(roles[role_id].name)
            for code in expand(roles[role_id].permissions, known):
                pairs.append((code, assignment.grant_scope()))
    return sorted(names), merge_grants(pairs)


def encode_grants(grants: Grants) -> dict[str, list[list[list[str] | None]]]:
    def ids(values: frozenset[uuid.UUID] | None) -> list[str] | None:
        return None if values is None else sorted(str(v) for v in values)

    return {code: [[ids(g.branches), ids(g.commodities)] for g in scoped] for code, scoped in grants.items()}


def decode_grants(raw: Any) -> Grants:
    def ids(values: list[str] | None) -> frozenset[uuid.UUID] | None:
        return None if values is None else frozenset(uuid.UUID(v) for v in values)

    return {code: tuple(Grant(ids(b), ids(c)) for b, c in scoped) for code, scoped in dict(raw).items()}
