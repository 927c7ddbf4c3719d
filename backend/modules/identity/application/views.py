"""Read models of identity returned by its use cases."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from backend.modules.identity.domain.rbac import Role, RoleAssignment, SodConstraint
from backend.modules.identity.domain.tenant import Branch, Tenant
from backend.modules.identity.domain.user import User


@dataclass(frozen=True)
class TenantView:
    id: uuid.UUID
    name: str
    country: str
    base_currency: str
    time_zone: str
    status: str
    sub_user_limit: int
    created_at: datetime
    version: int
    region: str
    locale: str
    requests_per_minute: int
    burst: int


@dataclass(frozen=True)
class BranchView:
    id: uuid.UUID
    tenant_id: uuid.UUID
    code: str
    name: str
    state_code: str
    gstin: str | None
    address: str | None
    active: bool
    created_at: datetime
    version: int


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    kind: str
    tenant_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    email: str | None
    mobile: str | None
    full_name: str
    status: str
    totp_enabled: bool
    parent_user_id: uuid.UUID | None
    created_at: datetime
    activated_at: datetime | None
    version: int


@dataclass(frozen=True)
class RoleView:
    id: uuid.UUID
    name: str
    description: str
    permissions: tuple[str, ...]
    inherits: tuple[uuid.UUID, ...]
    system: bool
    version: int


@dataclass(frozen=True)
class AssignmentView:
    id: uuid.UUID
    user_id: uuid.UUID
    role_id: uuid.UUID
    branch_ids: tuple[uuid.UUID, ...]
    commodity_ids: tuple[uuid.UUID, ...]
    expires_at: datetime | None
    granted_by: uuid.UUID | None
    granted_at: datetime
    revoked_at: datetime | None
    active: bool


@dataclass(frozen=True)
class SodView:
    id: uuid.UUID
    name: str
    role_ids: tuple[uuid.UUID, ...]
    max_roles: int


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: datetime
    tenant_id: uuid.UUID | None
    actor_id: uuid.UUID | None
    action: str
    subject_type: str | None
    subject_id: str | None
    details: dict[str, object]
    client_address: str | None
    request_id: str | None


def tenant_view(t: Tenant) -> TenantView:
    return TenantView(
        t.id,
        t.name,
        t.country,
        t.base_currency,
        t.time_zone,
        str(t.status),
        t.sub_user_limit,
        t.created_at,
        t.version,
        t.region,
        t.locale,
        t.requests_per_minute,
        t.burst,
    )


def branch_view(b: Branch) -> BranchView:
    return BranchView(
        b.id, b.tenant_id, b.code, b.name, b.state_code, b.gstin, b.address, b.active, b.created_at, b.version
    )


def user_view(u: User) -> UserView:
    return UserView(
        u.id,
        str(u.kind),
        u.tenant_id,
        u.partner_id,
        u.email,
        u.mobile,
        u.full_name,
        str(u.status),
        u.totp_enabled,
        u.parent_user_id,
        u.created_at,
        u.activated_at,
        u.version,
    )


def role_view(r: Role) -> RoleView:
    return RoleView(
        r.id, r.name, r.description, tuple(sorted(r.permissions)), tuple(sorted(r.inherits)), r.system, r.version
    )


def assignment_view(a: RoleAssignment, now: datetime) -> AssignmentView:
    return AssignmentView(
        a.id,
        a.user_id,
        a.role_id,
        tuple(sorted(a.branch_ids)),
        tuple(sorted(a.commodity_ids)),
        a.expires_at,
        a.granted_by,
        a.granted_at,
        a.revoked_at,
        a.active(now),
    )


def sod_view(s: SodConstraint) -> SodView:
    return SodView(s.id, s.name, tuple(sorted(s.role_ids)), s.max_roles)
