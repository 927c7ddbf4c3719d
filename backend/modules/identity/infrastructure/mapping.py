"""Rows of the identity tables to aggregates and back, every column named."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from backend.core.principal import UserKind
from backend.modules.identity.domain.rbac import Role, RoleAssignment, SodConstraint
from backend.modules.identity.domain.tenant import Branch, Tenant, TenantStatus
from backend.modules.identity.domain.user import User, UserStatus


def tenant_from(row: Row[Any]) -> Tenant:
    return Tenant(
        id=row.id,
        name=row.name,
        country=row.country,
        base_currency=row.base_currency,
        time_zone=row.time_zone,
        status=TenantStatus(row.status),
        sub_user_limit=row.sub_user_limit,
        created_at=row.created_at,
        region=row.region,
        locale=row.locale,
        requests_per_minute=row.requests_per_minute,
        burst=row.burst,
        version=row.version,
        persisted_version=row.version,
    )


def tenant_values(tenant: Tenant) -> dict[str, Any]:
    return {
        "id": tenant.id,
        "name": tenant.name,
        "country": tenant.country,
        "base_currency": tenant.base_currency,
        "time_zone": tenant.time_zone,
        "status": str(tenant.status),
        "sub_user_limit": tenant.sub_user_limit,
        "created_at": tenant.created_at,
        "region": tenant.region,
        "locale": tenant.locale,
        "requests_per_minute": tenant.requests_per_minute,
        "burst": tenant.burst,
        "version": tenant.version,
    }


def branch_from(row: Row[Any]) -> Branch:
    return Branch(
        id=row.id,
        tenant_id=row.tenant_id,
        code=row.code,
        name=row.name,
        state_code=row.state_code,
        gstin=row.gstin,
        address=row.address,
        active=row.active,
        created_at=row.created_at,
        version=row.version,
        persisted_version=row.version,
    )


def branch_values(branch: Branch) -> dict[str, Any]:
    return {
        "id": branch.id,
        "tenant_id": branch.tenant_id,
        "code": branch.code,
        "name": branch.name,
        "state_code": branch.state_code,
        "gstin": branch.gstin,
        "address": branch.address,
        "active": branch.active,
        "created_at": branch.created_at,
        "version": branch.version,
    }


def user_from(row: Row[Any]) -> User:
    return User(
        id=row.id,
        kind=UserKind(row.kind),
        tenant_id=row.tenant_id,
        partner_id=row.partner_id,
        email=row.email,
        mobile=row.mobile,
        full_name=row.full_name,
        status=UserStatus(row.status),
        password_hash=row.password_hash,
        totp_secret=row.totp_secret,
        totp_enabled=row.totp_enabled,
        totp_last_step=row.totp_last_step,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        parent_user_id=row.parent_user_id,
        created_by=row.created_by,
        created_at=row.created_at,
        activated_at=row.activated_at,
        authz_version=row.authz_version,
        version=row.version,
        persisted_version=row.version,
    )


def user_values(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "kind": str(user.kind),
        "tenant_id": user.tenant_id,
        "partner_id": user.partner_id,
        "email": user.email,
        "mobile": user.mobile,
        "full_name": user.full_name,
        "status": str(user.status),
        "password_hash": user.password_hash,
        "totp_secret": user.totp_secret,
        "totp_enabled": user.totp_enabled,
        "totp_last_step": user.totp_last_step,
        "failed_logins": user.failed_logins,
        "locked_until": user.locked_until,
        "parent_user_id": user.parent_user_id,
        "created_by": user.created_by,
        "created_at": user.created_at,
        "activated_at": user.activated_at,
        "version": user.version,
    }


def role_from(row: Row[Any]) -> Role:
    return Role(
        id=row.id,
        tenant_id=row.tenant_id,
        name=row.name,
        description=row.description,
        permissions=frozenset(row.permissions),
        inherits=frozenset(row.inherits),
        system=row.system,
        created_at=row.created_at,
        version=row.version,
        persisted_version=row.version,
    )


def role_values(role: Role) -> dict[str, Any]:
    return {
        "id": role.id,
        "tenant_id": role.tenant_id,
        "name": role.name,
        "description": role.description,
        "permissions": sorted(role.permissions),
        "inherits": sorted(role.inherits),
        "system": role.system,
        "created_at": role.created_at,
        "version": role.version,
    }


def assignment_from(row: Row[Any]) -> RoleAssignment:
    return RoleAssignment(
        id=row.id,
        tenant_id=row.tenant_id,
        user_id=row.user_id,
        role_id=row.role_id,
        branch_ids=frozenset(row.branch_ids),
        commodity_ids=frozenset(row.commodity_ids),
        expires_at=row.expires_at,
        granted_by=row.granted_by,
        granted_at=row.granted_at,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
        version=row.version,
        persisted_version=row.version,
    )


def assignment_values(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "id": assignment.id,
        "tenant_id": assignment.tenant_id,
        "user_id": assignment.user_id,
        "role_id": assignment.role_id,
        "branch_ids": sorted(assignment.branch_ids),
        "commodity_ids": sorted(assignment.commodity_ids),
        "expires_at": assignment.expires_at,
        "granted_by": assignment.granted_by,
        "granted_at": assignment.granted_at,
        "revoked_at": assignment.revoked_at,
        "revoked_by": assignment.revoked_by,
        "version": assignment.version,
    }


def sod_from(row: Row[Any]) -> SodConstraint:
    return SodConstraint(row.id, row.tenant_id, row.name, frozenset(row.role_ids), row.max_roles, row.created_at)


def sod_values(sod: SodConstraint) -> dict[str, Any]:
    return {
        "id": sod.id,
        "tenant_id": sod.tenant_id,
        "name": sod.name,
        "role_ids": sorted(sod.role_ids),
        "max_roles": sod.max_roles,
        "created_at": sod.created_at,
    }
