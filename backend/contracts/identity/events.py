"""Integration events published by identity (wire names are permanent)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from backend.core.messaging.events import IntegrationEvent


class TenantCreatedV1(IntegrationEvent):
    """A trading house or brokerage was set up on the platform."""

    wire_name: ClassVar[str] = "identity.tenant_created.v1"
    aggregate_type: ClassVar[str] = "tenant"
    aggregate_field: ClassVar[str] = "tenant_id"

    tenant_id: uuid.UUID
    name: str
    country: str
    base_currency: str
    time_zone: str


class _UserEventV1(IntegrationEvent):
    aggregate_type: ClassVar[str] = "user"
    aggregate_field: ClassVar[str] = "user_id"

    user_id: uuid.UUID
    tenant_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    kind: str


class UserRegisteredV1(_UserEventV1):
    """A user was created (invited, or active at once when bootstrapped with a password)."""

    wire_name: ClassVar[str] = "identity.user_registered.v1"


class UserActivatedV1(_UserEventV1):
    """A user completed activation and can log in."""

    wire_name: ClassVar[str] = "identity.user_activated.v1"


class RoleAssignedV1(IntegrationEvent):
    """A role was given to a user, for the whole tenant or some branches and commodities."""

    wire_name: ClassVar[str] = "identity.role_assigned.v1"
    aggregate_type: ClassVar[str] = "user"
    aggregate_field: ClassVar[str] = "user_id"

    assignment_id: uuid.UUID
    tenant_id: uuid.UUID
    user_id: uuid.UUID
    role_id: uuid.UUID
    role_name: str
    branch_ids: tuple[uuid.UUID, ...]
    commodity_ids: tuple[uuid.UUID, ...]
    expires_at: datetime | None


class LoginFailedV1(IntegrationEvent):
    """A login with a known username failed (risk watches for patterns)."""

    wire_name: ClassVar[str] = "identity.login_failed.v1"
    aggregate_type: ClassVar[str] = "user"
    aggregate_field: ClassVar[str] = "user_id"

    user_id: uuid.UUID
    tenant_id: uuid.UUID | None
    reason: str
    failed_logins: int
    locked: bool
    client_address: str | None
