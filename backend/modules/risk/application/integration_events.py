"""Domain events of the risk aggregates turned into the published contracts."""

from __future__ import annotations

from backend.contracts.risk.events import (
    CreditLimitChangedV1,
    CreditLimitChangeRejectedV1,
    CreditLimitChangeRequestedV1,
    UtilizationBandCrossedV1,
)
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.modules.risk.application.views import display_percent
from backend.modules.risk.domain import events as ev
from backend.modules.risk.domain.enums import Band


def to_integration_event(aggregate: AggregateRoot, event: DomainEvent) -> IntegrationEvent | None:
    if not isinstance(event, ev.PartnerRiskEvent):
        return None
    keys = {"occurred_at": event.occurred_at, "tenant_id": event.tenant_id, "partner_id": event.partner_id}
    if isinstance(event, ev.CreditLimitChanged):
        return CreditLimitChangedV1(
            **keys,
            change_id=event.change_id,
            source=event.source,
            old_limit=event.old_amount,
            new_limit=event.new_amount,
            currency=event.currency,
            changed_by=event.changed_by,
        )
    if isinstance(event, ev.CreditLimitChangeRequested):
        return CreditLimitChangeRequestedV1(
            **keys,
            change_id=event.change_id,
            old_limit=event.old_amount,
            new_limit=event.new_amount,
            currency=event.currency,
            requested_by=event.requested_by,
            reason=event.reason,
        )
    if isinstance(event, ev.CreditLimitChangeRejected):
        return CreditLimitChangeRejectedV1(
            **keys, change_id=event.change_id, rejected_by=event.rejected_by, reason=event.reason
        )
    if isinstance(event, ev.UtilizationBandCrossed):
        return UtilizationBandCrossedV1(
            **keys,
            old_band=event.from_band,
            new_band=event.to_band,
            worsened=Band(event.to_band).rank > Band(event.from_band).rank,
            utilization=display_percent(event.utilization),
            exposure=event.exposure,
            limit=event.limit,
            currency=event.currency,
        )
    return None
