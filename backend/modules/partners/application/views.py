"""Read models of the partners context returned by its use cases."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class AddressView:
    line1: str
    line2: str | None
    city: str
    state: str | None
    postal_code: str
    country: str


@dataclass(frozen=True)
class CoordinatesView:
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class LocationView:
    id: uuid.UUID
    kind: str
    name: str
    address: AddressView
    state_code: str | None
    gstin: str | None
    coordinates: CoordinatesView | None
    can_ship_from: bool
    can_receive: bool
    default_ship_from: bool
    default_ship_to: bool


@dataclass(frozen=True)
class TaxRegistrationView:
    kind: str
    number: str
    country: str


@dataclass(frozen=True)
class BankAccountView:
    """The account number and IBAN show only their last four characters."""

    id: uuid.UUID
    holder_name: str
    account_number: str
    country: str
    ifsc: str | None
    swift: str | None
    iban: str | None
    primary: bool


@dataclass(frozen=True)
class DocumentView:
    """An uploaded document's facts; its content is downloaded separately."""

    id: uuid.UUID
    type: str
    sha256: str
    issued_on: date | None
    expires_on: date | None
    number: str | None
    country: str | None
    verified_by: uuid.UUID | None
    verified_at: datetime | None


@dataclass(frozen=True)
class ContactView:
    id: uuid.UUID
    full_name: str
    mobile: str
    email: str | None
    designation: str | None
    primary: bool


@dataclass(frozen=True)
class ContributionView:
    rule: str
    points: int
    explanation: str


@dataclass(frozen=True)
class ScoreView:
    """The onboarding score of the last submission, explained rule by rule."""

    score: int
    category: str
    contributions: tuple[ContributionView, ...]


@dataclass(frozen=True)
class EvidenceView:
    id: uuid.UUID
    kind: str
    subject: str
    outcome: str
    provider: str
    details: dict[str, Any]
    checked_by: uuid.UUID | None
    checked_at: datetime


@dataclass(frozen=True)
class ProfileView:
    legal_name: str
    trade_name: str | None
    country: str
    entity_class: str
    service_provider_kind: str | None
    legal_form: str
    trade_role: str
    pan: str | None
    tax_registrations: tuple[TaxRegistrationView, ...]
    registration_date: date | None
    annual_turnover: Decimal | None
    group_id: uuid.UUID | None
    master_partner_id: uuid.UUID | None
    has_quality_lab: bool
    has_own_transport: bool


@dataclass(frozen=True)
class PartnerSummaryView:
    id: uuid.UUID
    code: str
    legal_name: str
    trade_name: str | None
    country: str
    entity_class: str
    trade_role: str
    status: str
    kyc_status: str
    kyc_expires_on: date | None
    risk_score: int | None
    risk_category: str | None
    branch_id: uuid.UUID | None
    version: int


@dataclass(frozen=True)
class PartnerPageView:
    items: tuple[PartnerSummaryView, ...]
    next_after: str | None  # the code to pass as ``after`` for the next page; None on the last page


@dataclass(frozen=True)
class PartnerView:
    id: uuid.UUID
    tenant_id: uuid.UUID
    code: str
    branch_id: uuid.UUID | None
    status: str
    status_reason: str | None
    profile: ProfileView
    locations: tuple[LocationView, ...]
    bank_accounts: tuple[BankAccountView, ...]
    documents: tuple[DocumentView, ...]
    contacts: tuple[ContactView, ...]
    kyc_status: str
    kyc_expires_on: date | None
    risk_score: int | None
    risk_category: str | None
    score: ScoreView | None
    recommended_credit_limit: Decimal | None
    capabilities_overridden: bool
    submitted_by: uuid.UUID | None
    submitted_at: datetime | None
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int
    evidence: tuple[EvidenceView, ...] = ()


@dataclass(frozen=True)
class CapabilitiesView:
    partner_id: uuid.UUID
    code: str
    status: str
    home_country: str
    capabilities: tuple[str, ...]
    reasons: tuple[str, ...]  # why a capability is missing, or the override's reason
    overridden: bool
    overridden_by: uuid.UUID | None
    overridden_at: datetime | None


@dataclass(frozen=True)
class AmendmentView:
    id: uuid.UUID
    partner_id: uuid.UUID
    partner_code: str
    kind: str
    status: str
    old_value: dict[str, Any] | None
    new_value: dict[str, Any]
    requested_by: uuid.UUID
    requested_at: datetime
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    reason: str | None
    version: int


@dataclass(frozen=True)
class DocumentContentView:
    document_id: uuid.UUID
    partner_id: uuid.UUID
    type: str
    media_type: str
    sha256: str
    content: bytes


@dataclass(frozen=True)
class KycJobResult:
    """What one run of the daily KYC job did."""

    checked: int
    reminders: int
    expired: int
    suspended: int
