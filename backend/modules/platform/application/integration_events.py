"""Domain events of configuration entries turned into the published contract."""

from __future__ import annotations

from backend.contracts.platform.events import ConfigChangedV1
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.modules.platform.domain.entry import ConfigChanged


def to_integration_event(aggregate: AggregateRoot, event: DomainEvent) -> IntegrationEvent | None:
    if not isinstance(event, ConfigChanged):
        return None
    return ConfigChangedV1(
        occurred_at=event.occurred_at,
        key=event.key,
        scope=str(event.target.scope),
        tenant_id=event.target.tenant_id,
        branch_id=event.target.branch_id,
        version=event.new_version,
        revision=event.revision,
        value=event.new_value,
        cleared=event.cleared,
    )
