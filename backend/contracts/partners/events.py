"""Integration events the partners context publishes (wire names are permanent).

Every event is ordered per partner (``partner_id``). Money is a decimal string with its currency.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from backend.core.messaging.events import IntegrationEvent
from backend.core.wire_types import DecimalStr


class _PartnerEventV1(IntegrationEvent):
    aggregate_type: ClassVar[str] = "partner"
    aggregate_field: ClassVar[str] = "partner_id"

    partner_id: uuid.UUID
    tenant_id: uuid.UUID
    partner_code: str


class PartnerContactV1(BaseModel):
    """A partner's person; identity makes each one an external user when the partner is approved."""

    # tolerant reader: a consumer on an older copy of the contract ignores fields added since
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: uuid.UUID
    full_name: str
    mobile: str  # E.164; partner users sign in with a one-time code sent here
    email: str | None = None
    primary: bool = False


class PartnerOnboardingStartedV1(_PartnerEventV1):
    """A draft partner was created."""

    wire_name: ClassVar[str] = "partners.partner_onboarding_started.v1"

    legal_name: str
    country: str
    entity_class: str  # business_entity | service_provider
    started_by: uuid.UUID


class PartnerUpdatedV1(_PartnerEventV1):
    """A draft (or info_requested) partner's profile changed; ``changed_fields`` names what."""

    wire_name: ClassVar[str] = "partners.partner_updated.v1"

    changed_fields: tuple[str, ...]
    legal_name: str
    trade_name: str | None
    country: str
    status: str
    version: int


class PartnerSubmittedV1(_PartnerEventV1):
    """A partner was submitted for approval, with its onboarding score."""

    wire_name: ClassVar[str] = "partners.partner_submitted.v1"

    submitted_by: uuid.UUID
    onboarding_score: int
    risk_category: str  # low | medium | high | critical
    required_role: str | None = None  # who must approve; None when the tenant's policy auto-approves
    auto_approve: bool = False


class PartnerApprovedV1(_PartnerEventV1):
    """A partner was approved; risk takes the recommended credit limit from here, identity makes
    its contacts external users.

    ``approved_by`` is the approving user; when the tenant's policy approved the partner on
    submission (``auto_approved``) it is the submitter, whose submission the policy approved.
    """

    wire_name: ClassVar[str] = "partners.partner_approved.v1"

    approved_by: uuid.UUID
    kyc_expires_on: date
    risk_score: int
    risk_category: str
    recommended_credit_limit: DecimalStr | None
    currency: str
    auto_approved: bool = False
    submitted_by: uuid.UUID | None = None
    legal_name: str | None = None
    contacts: tuple[PartnerContactV1, ...] = ()


class PartnerRejectedV1(_PartnerEventV1):
    """A partner was rejected, with the reason given to it."""

    wire_name: ClassVar[str] = "partners.partner_rejected.v1"

    rejected_by: uuid.UUID
    reason: str


class PartnerSuspendedV1(_PartnerEventV1):
    """An approved partner may no longer trade until reactivated."""

    wire_name: ClassVar[str] = "partners.partner_suspended.v1"

    suspended_by: uuid.UUID | None  # None: the KYC job, because the KYC expired
    reason: str


class PartnerReactivatedV1(_PartnerEventV1):
    """A suspended partner is approved again."""

    wire_name: ClassVar[str] = "partners.partner_reactivated.v1"

    reactivated_by: uuid.UUID


class PartnerKycExpiringV1(_PartnerEventV1):
    """A reminder that the partner's KYC expires in ``days_before`` days (90, 60, 30 and 7)."""

    wire_name: ClassVar[str] = "partners.partner_kyc_expiring.v1"

    days_before: int
    expires_on: date


class PartnerKycExpiredV1(_PartnerEventV1):
    """The partner's KYC lapsed (valid through ``expired_on``)."""

    wire_name: ClassVar[str] = "partners.partner_kyc_expired.v1"

    expired_on: date


class PartnerKycRenewedV1(_PartnerEventV1):
    """The partner's documents were verified again; KYC is valid through ``expires_on``."""

    wire_name: ClassVar[str] = "partners.partner_kyc_renewed.v1"

    renewed_by: uuid.UUID | None
    expires_on: date


class CapabilitiesChangedV1(_PartnerEventV1):
    """What the partner may trade now: after a document was verified or a tenant admin's override.

    ``capabilities`` is the effective list (domestic_buy, domestic_sell, import, export);
    domestic means within ``home_country``.
    """

    wire_name: ClassVar[str] = "partners.capabilities_changed.v1"

    capabilities: tuple[str, ...]
    home_country: str
    overridden: bool
    cause: str  # document_verified | override
    changed_by: uuid.UUID
    document_type: str | None = None  # the verified document's type
    reason: str | None = None  # the override's reason


class AmendmentRequestedV1(_PartnerEventV1):
    """A change to an approved partner awaits a second person's approval."""

    wire_name: ClassVar[str] = "partners.amendment_requested.v1"

    amendment_id: uuid.UUID
    kind: str  # bank_change | new_location | credit_limit_change | contact_change
    requested_by: uuid.UUID
    old_value: dict[str, Any] | None
    new_value: dict[str, Any]


class AmendmentApprovedV1(_PartnerEventV1):
    """An amendment was approved and applied; a credit limit change is the risk context's to apply
    (``credit_limit`` in ``currency``)."""

    wire_name: ClassVar[str] = "partners.amendment_approved.v1"

    amendment_id: uuid.UUID
    kind: str
    requested_by: uuid.UUID
    approved_by: uuid.UUID
    old_value: dict[str, Any] | None
    new_value: dict[str, Any]
    credit_limit: DecimalStr | None = None
    currency: str | None = None


class AmendmentRejectedV1(_PartnerEventV1):
    """An amendment was rejected; nothing changed on the partner."""

    wire_name: ClassVar[str] = "partners.amendment_rejected.v1"

    amendment_id: uuid.UUID
    kind: str
    requested_by: uuid.UUID
    rejected_by: uuid.UUID
    reason: str
