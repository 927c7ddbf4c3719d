"""HTTP shapes of trade amendments, terms versions and contracts: ``…Create`` / ``…Write`` in, ``…Read`` out."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.api.inputs import Input
from backend.api.trading.deal_schemas import ActingFor, AddressRead
from backend.api.types import DecimalStr
from backend.modules.trading.domain.enums import SignatureTier

Reason = Annotated[str, Field(min_length=1, max_length=1000)]


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AmendmentCreate(Input):
    """Give only what changes; at least one field must differ from the current terms."""

    reason: Reason
    quantity: DecimalStr | None = None
    quantity_unit: Annotated[str | None, Field(max_length=20, description="default: the base unit")] = None
    price: Annotated[DecimalStr | None, Field(description="per the trade's price unit")] = None
    delivery_date: date | None = None
    ship_to_location_id: uuid.UUID | None = None
    bill_to_location_id: uuid.UUID | None = None
    ship_from_location_id: uuid.UUID | None = None
    acting_for_partner_id: ActingFor = None


class AmendmentApprove(Input):
    acting_for_partner_id: ActingFor = None


class AmendmentReject(Input):
    reason: Reason
    acting_for_partner_id: ActingFor = None


class AmendmentChangesRead(_Read):
    quantity: DecimalStr | None
    price: DecimalStr | None
    delivery_date: date | None
    ship_to: AddressRead | None
    bill_to: AddressRead | None
    ship_from: AddressRead | None


class AmendmentRead(_Read):
    id: uuid.UUID
    trade_id: uuid.UUID
    requested_by: str
    fields: list[str]
    changes: AmendmentChangesRead
    reason: str
    requested_at: datetime
    status: str
    decided_at: datetime | None
    decision_reason: str | None
    terms_version: int | None


class TermsVersionRead(_Read):
    version: int
    quantity: DecimalStr
    price: DecimalStr
    currency: str
    price_unit: str
    amount: DecimalStr
    tax_regime: str
    cgst: DecimalStr
    sgst: DecimalStr
    igst: DecimalStr
    total: DecimalStr
    delivery_date: date | None
    ship_to: AddressRead
    bill_to: AddressRead
    ship_from: AddressRead
    effective_at: datetime
    amendment_id: uuid.UUID | None


class TradeVersionsRead(_Read):
    trade_id: uuid.UUID
    number: str
    terms_version: int
    versions: list[TermsVersionRead]
    amendments: list[AmendmentRead]


class SignatureCreate(Input):
    tier: SignatureTier
    document_sha256: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$", description="SHA-256 (hex) of the PDF read")]
    signer_name: Annotated[str, Field(min_length=1, max_length=200, description="the signer's typed full name")]
    confirm: Literal[True] = Field(description="the signer confirms the document as read")
    acting_for_partner_id: ActingFor = None


class SignatureRead(_Read):
    side: str
    partner_id: uuid.UUID
    signer_user_id: uuid.UUID
    tier: str
    signed_at: datetime
    ip_address: str
    document_sha256: str
    evidence: str | None


class ContractRead(_Read):
    id: uuid.UUID
    trade_id: uuid.UUID
    trade_number: str
    contract_version: int
    terms_version: int
    status: str
    required_tier: str
    template: str | None
    sha256: str
    fully_signed: bool
    signatures: list[SignatureRead]
    superseded_by: uuid.UUID | None
    created_at: datetime
    previous_versions: list[uuid.UUID]
