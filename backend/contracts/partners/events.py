"""Integration events the partners context will publish (contracts first; producers land with it)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from backend.core.messaging.events import IntegrationEvent
from backend.core.wire_types import DecimalStr


class _PartnerEventV1(IntegrationEvent):
    aggregate_type: ClassVar[str] = "partner"
    aggregate_field: ClassVar[str] = "partner_id"

    partner_id: uuid.UUID
    tenant_id: uuid.UUID
    partner_code: str


class PartnerOnboardingStartedV1(_PartnerEventV1):
    """A draft partner was created."""

    wire_name: ClassVar[str] = "partners.partner_onboarding_started.v1"

    legal_name: str
    country: str
    entity_class: str  # business_entity | service_provider
    started_by: uuid.UUID


class PartnerSubmittedV1(_PartnerEventV1):
    """A partner was submitted for approval, with its onboarding score."""

    wire_name: ClassVar[str] = "partners.partner_submitted.v1"

    submitted_by: uuid.UUID
    onboarding_score: int
    risk_category: str  # low | medium | high | critical


class PartnerApprovedV1(_PartnerEventV1):
    """A partner was approved; risk takes the recommended credit limit from here."""

    wire_name: ClassVar[str] = "partners.partner_approved.v1"

    approved_by: uuid.UUID
    kyc_expires_on: date
    risk_score: int
    risk_category: str
    recommended_credit_limit: DecimalStr | None
    currency: str


class PartnerRejectedV1(_PartnerEventV1):
    """A partner was rejected, with the reason given to it."""

    wire_name: ClassVar[str] = "partners.partner_rejected.v1"

    rejected_by: uuid.UUID
    reason: str
