"""What happens inside the risk context, as its aggregates record it.

Money is a ``Decimal`` in ``currency``; the application turns these into versioned integration events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from backend.core.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PartnerRiskEvent(DomainEvent):
    tenant_id: uuid.UUID
    partner_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class CreditLimitChanged(PartnerRiskEvent):
    """The limit in force changed (or was first set: ``old_amount`` None). ``new_amount`` None is no credit."""

    change_id: uuid.UUID
    source: str
    old_amount: Decimal | None
    new_amount: Decimal | None
    currency: str
    changed_by: uuid.UUID | None  # None: an automatic approval in the partners context


@dataclass(frozen=True, kw_only=True)
class CreditLimitChangeRequested(PartnerRiskEvent):
    change_id: uuid.UUID
    old_amount: Decimal | None
    new_amount: Decimal
    currency: str
    requested_by: uuid.UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class CreditLimitChangeRejected(PartnerRiskEvent):
    change_id: uuid.UUID
    rejected_by: uuid.UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class UtilizationBandCrossed(PartnerRiskEvent):
    """Utilization moved into another band; ``utilization`` is a percentage, None without a limit."""

    from_band: str
    to_band: str
    exposure: Decimal
    limit: Decimal | None
    utilization: Decimal | None
    currency: str
