"""What happens to a partner, as its aggregates record it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.core.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PartnerEvent(DomainEvent):
    partner_id: uuid.UUID
    partner_code: str


@dataclass(frozen=True, kw_only=True)
class PartnerOnboardingStarted(PartnerEvent):
    created_by: uuid.UUID | None


@dataclass(frozen=True, kw_only=True)
class PartnerUpdated(PartnerEvent):
    changed_fields: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class PartnerSubmitted(PartnerEvent):
    submitted_by: uuid.UUID
    score: int
    risk_category: str
    required_role: str | None
    auto_approve: bool


@dataclass(frozen=True, kw_only=True)
class PartnerApproved(PartnerEvent):
    approved_by: uuid.UUID | None  # None: auto-approved by tenant policy
    submitted_by: uuid.UUID | None
    score: int | None
    risk_category: str | None
    kyc_expires_on: date
    recommended_credit_limit: Decimal | None
    primary_contact_id: uuid.UUID | None


@dataclass(frozen=True, kw_only=True)
class PartnerRejected(PartnerEvent):
    rejected_by: uuid.UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class PartnerInfoRequested(PartnerEvent):
    requested_by: uuid.UUID
    note: str


@dataclass(frozen=True, kw_only=True)
class PartnerSuspended(PartnerEvent):
    suspended_by: uuid.UUID | None  # None: suspended by the KYC expiry job
    reason: str


@dataclass(frozen=True, kw_only=True)
class PartnerReactivated(PartnerEvent):
    reactivated_by: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class PartnerDeactivated(PartnerEvent):
    deactivated_by: uuid.UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class PartnerKycExpired(PartnerEvent):
    expired_on: date


@dataclass(frozen=True, kw_only=True)
class PartnerKycExpiring(PartnerEvent):
    """A reminder, ``days_before`` days ahead of the KYC expiry."""

    days_before: int
    expires_on: date


@dataclass(frozen=True, kw_only=True)
class PartnerKycRenewed(PartnerEvent):
    renewed_by: uuid.UUID | None
    expires_on: date


@dataclass(frozen=True, kw_only=True)
class DocumentVerified(PartnerEvent):
    document_id: uuid.UUID
    document_type: str
    verified_by: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class CapabilitiesOverridden(PartnerEvent):
    capabilities: tuple[str, ...]
    reason: str
    overridden_by: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class AmendmentRequested(PartnerEvent):
    amendment_id: uuid.UUID
    kind: str
    requested_by: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class AmendmentApproved(PartnerEvent):
    amendment_id: uuid.UUID
    kind: str
    approved_by: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class AmendmentRejected(PartnerEvent):
    amendment_id: uuid.UUID
    kind: str
    rejected_by: uuid.UUID
    reason: str
