"""Integration events the risk context publishes (wire names are permanent).

Every event is ordered per partner (``partner_id``). Money is a decimal string with its currency; a
limit of null means no limit is recorded, which the credit check treats as no credit at all.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from backend.core.messaging.events import IntegrationEvent
from backend.core.wire_types import DecimalStr


class _PartnerRiskEventV1(IntegrationEvent):
    aggregate_type: ClassVar[str] = "partner_risk"
    aggregate_field: ClassVar[str] = "partner_id"

    partner_id: uuid.UUID
    tenant_id: uuid.UUID


class CreditLimitChangedV1(_PartnerRiskEventV1):
    """The credit limit in force changed, or was first set (``old_limit`` null on the first).

    ``source``: recommended_on_approval (the partner's approval), amended (a partners-context
    amendment) or manual (a change requested and approved here). ``changed_by`` is null when the
    change was automatic.
    """

    wire_name: ClassVar[str] = "risk.credit_limit_changed.v1"

    change_id: uuid.UUID
    source: str
    old_limit: DecimalStr | None
    new_limit: DecimalStr | None
    currency: str
    changed_by: uuid.UUID | None


class CreditLimitChangeRequestedV1(_PartnerRiskEventV1):
    """A credit limit change waits for a second person's approval (maker-checker)."""

    wire_name: ClassVar[str] = "risk.credit_limit_change_requested.v1"

    change_id: uuid.UUID
    old_limit: DecimalStr | None
    new_limit: DecimalStr
    currency: str
    requested_by: uuid.UUID
    reason: str


class CreditLimitChangeRejectedV1(_PartnerRiskEventV1):
    """A requested credit limit change was rejected; the limit did not change."""

    wire_name: ClassVar[str] = "risk.credit_limit_change_rejected.v1"

    change_id: uuid.UUID
    rejected_by: uuid.UUID
    reason: str


class UtilizationBandCrossedV1(_PartnerRiskEventV1):
    """The partner's credit utilization moved into another band (green, yellow, red).

    ``utilization`` is ``exposure / limit`` in percent, rounded to two places for display; null when
    there is exposure but no credit (which is always red). ``worsened`` tells a rise from a fall.
    """

    wire_name: ClassVar[str] = "risk.utilization_band_crossed.v1"

    old_band: str
    new_band: str
    worsened: bool
    utilization: DecimalStr | None
    exposure: DecimalStr
    limit: DecimalStr | None
    currency: str
