"""HTTP shapes the partner endpoints answer with (read from the application's views)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from backend.api.types import DecimalStr


class AddressRead(BaseModel):
    line1: str
    line2: str | None
    city: str
    state: str | None
    postal_code: str
    country: str


class CoordinatesRead(BaseModel):
    latitude: DecimalStr
    longitude: DecimalStr


class LocationRead(BaseModel):
    id: uuid.UUID
    kind: str
    name: str
    address: AddressRead
    state_code: str | None
    gstin: str | None
    coordinates: CoordinatesRead | None
    can_ship_from: bool
    can_receive: bool
    default_ship_from: bool
    default_ship_to: bool


class TaxRegistrationRead(BaseModel):
    kind: str
    number: str
    country: str


class BankAccountRead(BaseModel):
    """Account numbers and IBANs show their last four characters only."""

    id: uuid.UUID
    holder_name: str
    account_number: str
    country: str
    ifsc: str | None
    swift: str | None
    iban: str | None
    primary: bool


class DocumentRead(BaseModel):
    id: uuid.UUID
    type: str
    sha256: str
    issued_on: date | None
    expires_on: date | None
    number: str | None
    country: str | None
    verified_by: uuid.UUID | None
    verified_at: datetime | None


class ContactRead(BaseModel):
    id: uuid.UUID
    full_name: str
    mobile: str
    email: str | None
    designation: str | None
    primary: bool


class ContributionRead(BaseModel):
    rule: str
    points: int
    explanation: str


class ScoreRead(BaseModel):
    score: int
    category: str
    contributions: list[ContributionRead]


class EvidenceRead(BaseModel):
    id: uuid.UUID
    kind: str
    subject: str
    outcome: str
    provider: str
    details: dict[str, Any]
    checked_by: uuid.UUID | None
    checked_at: datetime


class ProfileRead(BaseModel):
    legal_name: str
    trade_name: str | None
    country: str
    entity_class: str
    service_provider_kind: str | None
    legal_form: str
    trade_role: str
    pan: str | None
    tax_registrations: list[TaxRegistrationRead]
    registration_date: date | None
    annual_turnover: DecimalStr | None
    group_id: uuid.UUID | None
    master_partner_id: uuid.UUID | None
    has_quality_lab: bool
    has_own_transport: bool


class PartnerSummaryRead(BaseModel):
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


class PartnerPage(BaseModel):
    items: list[PartnerSummaryRead]
    next_cursor: str | None


class PartnerRead(BaseModel):
    id: uuid.UUID
    code: str
    branch_id: uuid.UUID | None
    status: str
    status_reason: str | None
    profile: ProfileRead
    locations: list[LocationRead]
    bank_accounts: list[BankAccountRead]
    documents: list[DocumentRead]
    contacts: list[ContactRead]
    kyc_status: str
    kyc_expires_on: date | None
    risk_score: int | None
    risk_category: str | None
    score: ScoreRead | None
    recommended_credit_limit: DecimalStr | None
    capabilities_overridden: bool
    submitted_by: uuid.UUID | None
    submitted_at: datetime | None
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int
    evidence: list[EvidenceRead]


class CapabilitiesRead(BaseModel):
    partner_id: uuid.UUID
    code: str
    status: str
    home_country: str
    capabilities: list[str]
    reasons: list[str]
    overridden: bool
    overridden_by: uuid.UUID | None
    overridden_at: datetime | None


class AmendmentRead(BaseModel):
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


class AmendmentList(BaseModel):
    items: list[AmendmentRead]
