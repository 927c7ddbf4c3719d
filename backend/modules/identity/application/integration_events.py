"""Identity's domain events turned into its published contracts."""

from __future__ import annotations

from backend.contracts.identity.events import (
    LoginFailedV1,
    RoleAssignedV1,
    TenantCreatedV1,
    UserActivatedV1,
    UserRegisteredV1,
)
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.modules.identity.domain.events import (
    LoginFailed,
    RoleAssigned,
    TenantCreated,
    UserActivated,
    UserRegistered,
)
from backend.modules.identity.domain.rbac import RoleAssignment
from backend.modules.identity.domain.tenant import Tenant
from backend.modules.identity.domain.user import User


def to_integration_event(aggregate: AggregateRoot, event: DomainEvent) -> IntegrationEvent | None:
    at = event.occurred_at
    if isinstance(aggregate, Tenant) and isinstance(event, TenantCreated):
        return TenantCreatedV1(
            occurred_at=at,
            tenant_id=aggregate.id,
            name=aggregate.name,
            country=aggregate.country,
            base_currency=aggregate.base_currency,
            time_zone=aggregate.time_zone,
        )
    if isinstance(aggregate, User):
        who = {"user_id": aggregate.id, "tenant_id": aggregate.tenant_id, "partner_id": aggregate.partner_id}
        if isinstance(event, UserRegistered):
            return UserRegisteredV1(occurred_at=at, kind=str(aggregate.kind), **who)
        if isinstance(event, UserActivated):
            return UserActivatedV1(occurred_at=at, kind=str(aggregate.kind), **who)
        if isinstance(event, LoginFailed):
            return LoginFailedV1(
                occurred_at=at,
                user_id=aggregate.id,
                tenant_id=aggregate.tenant_id,
                reason=event.reason,
                failed_logins=aggregate.failed_logins,
                locked=str(aggregate.status) == "locked",
                client_address=event.client_address,
            )
    if isinstance(aggregate, RoleAssignment) and isinstance(event, RoleAssigned):
        return RoleAssignedV1(
            occurred_at=at,
            assignment_id=aggregate.id,
            tenant_id=aggregate.tenant_id,
            user_id=aggregate.user_id,
            role_id=aggregate.role_id,
            role_name=event.role_name,
            branch_ids=tuple(sorted(aggregate.branch_ids)),
            commodity_ids=tuple(sorted(aggregate.commodity_ids)),
            expires_at=aggregate.expires_at,
        )
    return None
