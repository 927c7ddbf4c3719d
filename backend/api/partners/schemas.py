"""HTTP shapes of partner onboarding (never used as domain objects or event contracts)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from backend.api.inputs import Input
from backend.api.types import DecimalStr
from backend.modules.partners.domain.capabilities import Capability
from backend.modules.partners.domain.enums import (
    DocumentType,
    EntityClass,
    LegalForm,
    LocationKind,
    ServiceProviderKind,
    TaxKind,
    TradeRole,
)

Name = Annotated[str, Field(min_length=1, max_length=200)]
Country = Annotated[str, Field(min_length=2, max_length=2, examples=["IN"], description="ISO 3166 alpha-2")]
Reason = Annotated[str, Field(min_length=1, max_length=1000)]
Mobile = Annotated[str, Field(min_length=8, max_length=16, examples=["+919812345678"])]


class TaxRegistrationWrite(Input):
    kind: TaxKind
    number: Annotated[str, Field(min_length=1, max_length=40, examples=["27AAPFU0939F1ZV"])]
    country: Country


class AddressWrite(Input):
    line1: Annotated[str, Field(min_length=1, max_length=200)]
    line2: Annotated[str | None, Field(max_length=200)] = None
    city: Annotated[str, Field(min_length=1, max_length=100)]
    state: Annotated[str | None, Field(max_length=100)] = None
    postal_code: Annotated[str, Field(min_length=1, max_length=16)]
    country: Country


class CoordinatesWrite(Input):
    latitude: DecimalStr
    longitude: DecimalStr


class LocationCreate(Input):
    kind: LocationKind
    name: Annotated[str, Field(min_length=1, max_length=120)]
    address: AddressWrite
    state_code: Annotated[str | None, Field(min_length=2, max_length=2, examples=["27"])] = None
    gstin: Annotated[str | None, Field(min_length=15, max_length=15)] = None
    coordinates: CoordinatesWrite | None = None
    can_ship_from: bool = False
    can_receive: bool = False
    default_ship_from: bool = False
    default_ship_to: bool = False


class ProfileWrite(Input):
    legal_name: Name
    trade_name: Name | None = None
    country: Country
    entity_class: EntityClass
    service_provider_kind: ServiceProviderKind | None = None
    legal_form: LegalForm
    trade_role: TradeRole
    pan: Annotated[str | None, Field(min_length=10, max_length=10, examples=["AAPFU0939F"])] = None
    tax_registrations: Annotated[list[TaxRegistrationWrite], Field(max_length=50)] = []
    registration_date: date | None = None
    annual_turnover: DecimalStr | None = Field(default=None, description="in the partner's currency (INR)")
    group_id: uuid.UUID | None = None
    master_partner_id: uuid.UUID | None = None
    has_quality_lab: bool = False
    has_own_transport: bool = False


class PartnerCreate(ProfileWrite):
    head_office: LocationCreate
    branch_id: uuid.UUID | None = Field(default=None, description="the tenant branch holding the relationship")


class PartnerUpdate(ProfileWrite):
    """The whole profile, replaced while the partner is a draft or was asked for information."""


class BankAccountCreate(Input):
    holder_name: Name
    account_number: Annotated[str, Field(max_length=34)] = ""
    country: Country
    ifsc: Annotated[str | None, Field(min_length=11, max_length=11)] = None
    swift: Annotated[str | None, Field(min_length=8, max_length=11)] = None
    iban: Annotated[str | None, Field(min_length=15, max_length=34)] = None
    primary: bool = False


class ContactCreate(Input):
    full_name: Name
    mobile: Mobile
    email: Annotated[str | None, Field(max_length=254)] = None
    designation: Annotated[str | None, Field(max_length=100)] = None
    primary: bool = False


class DocumentCreate(Input):
    type: DocumentType
    media_type: Annotated[str, Field(min_length=3, max_length=100, examples=["application/pdf"])]
    content_base64: Annotated[str, Field(min_length=1, description="the file, base64-encoded (at most 10 MiB)")]
    issued_on: date | None = None
    expires_on: date | None = None
    number: Annotated[str | None, Field(max_length=60)] = None
    country: Country | None = None


class ReasonCreate(Input):
    reason: Reason


class InfoRequestCreate(Input):
    note: Reason


class CapabilityOverrideCreate(Input):
    capabilities: Annotated[list[Capability], Field(max_length=4)]
    reason: Annotated[str, Field(min_length=10, max_length=500)]


class BankChangeCreate(Input):
    kind: Literal["bank_change"]
    bank_account: BankAccountCreate


class NewLocationCreate(Input):
    kind: Literal["new_location"]
    location: LocationCreate


class ContactChangeCreate(Input):
    kind: Literal["contact_change"]
    contact_id: uuid.UUID | None = Field(default=None, description="the contact replaced; none: a new contact")
    contact: ContactCreate


class CreditLimitChangeCreate(Input):
    kind: Literal["credit_limit_change"]
    amount: DecimalStr
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "INR"


AmendmentCreate = Annotated[
    BankChangeCreate | NewLocationCreate | ContactChangeCreate | CreditLimitChangeCreate,
    Field(discriminator="kind"),
]
