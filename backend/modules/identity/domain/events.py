"""What happens in identity, as its aggregates record it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class TenantCreated(DomainEvent):
    tenant_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class UserRegistered(DomainEvent):
    user_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class UserActivated(DomainEvent):
    user_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class RoleAssigned(DomainEvent):
    assignment_id: uuid.UUID
    role_name: str


@dataclass(frozen=True, kw_only=True)
class LoginFailed(DomainEvent):
    user_id: uuid.UUID
    reason: str
    client_address: str | None
