"""HTTP shapes of negotiations, offers and trades: ``…Create`` / ``…Write`` in, ``…Read`` / ``…Page`` out."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backend.api.inputs import Input
from backend.api.types import DecimalStr
from backend.modules.trading.domain.enums import TradeStatus

ActingFor = Annotated[
    uuid.UUID | None,
    Field(description="the party (buyer or seller partner) a staff member acts for; a partner user omits it"),
]
Reason = Annotated[str, Field(max_length=1000)]


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class NegotiationCreate(Input):
    acting_for_partner_id: ActingFor = None


class OfferCreate(Input):
    price: DecimalStr = Field(description="per the negotiation's price unit (the listed price's)")
    quantity: DecimalStr
    quantity_unit: Annotated[str | None, Field(max_length=20, description="default: the base unit")] = None
    payment_terms: Annotated[str | None, Field(min_length=1, max_length=500)] = None
    delivery_terms: Annotated[str | None, Field(min_length=1, max_length=500)] = None
    delivery_date: date | None = None
    notes: Annotated[str | None, Field(max_length=1000)] = None
    acting_for_partner_id: ActingFor = None


class OfferAccept(Input):
    ship_to_location_id: uuid.UUID | None = None
    bill_to_location_id: uuid.UUID | None = None
    ship_from_location_id: uuid.UUID | None = None
    acting_for_partner_id: ActingFor = None
    approve_linked_parties: bool = Field(
        default=False,
        description="an internal approver (trading.approve_linked_trade) clears linked parties the risk check"
        " warns about (a mobile number or company e-mail domain in common)",
    )


class OfferReject(Input):
    reason: Reason = ""
    acting_for_partner_id: ActingFor = None


class NegotiationWithdraw(Input):
    reason: Reason = ""
    acting_for_partner_id: ActingFor = None


class TradeStatusUpdate(Input):
    status: TradeStatus
    reason: Annotated[str | None, Field(max_length=1000)] = None


class PartyRead(_Read):
    partner_id: uuid.UUID
    code: str | None
    legal_name: str | None


class NegotiationOfferRead(_Read):
    id: uuid.UUID
    side: str
    by_partner_id: uuid.UUID
    price: DecimalStr
    quantity: DecimalStr
    payment_terms: str
    delivery_terms: str
    delivery_date: date | None
    notes: str | None
    made_at: datetime
    status: str


class NegotiationRead(_Read):
    id: uuid.UUID
    match_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    buyer: PartyRead
    seller: PartyRead
    started_by: str
    listed_price: DecimalStr
    currency: str
    price_unit: str
    unit: str
    min_quantity: DecimalStr | None
    max_quantity: DecimalStr | None
    fixed_price: DecimalStr | None
    status: str
    started_at: datetime
    last_activity_at: datetime
    expires_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    offers: list[NegotiationOfferRead]
    version: int


class NegotiationPage(BaseModel):
    items: list[NegotiationRead]
    next_cursor: str | None


class AddressRead(_Read):
    location_id: uuid.UUID
    name: str
    line1: str
    line2: str | None
    city: str
    state: str | None
    state_code: str | None
    postal_code: str
    country: str
    gstin: str | None


class TermsVersionSummary(_Read):
    """One version of the trade's terms (``GET /trades/{id}/versions`` has the amendments too)."""

    version: int
    quantity: DecimalStr
    price: DecimalStr
    amount: DecimalStr
    total: DecimalStr
    delivery_date: date | None
    effective_at: datetime
    amendment_id: uuid.UUID | None


class TradeRead(_Read):
    id: uuid.UUID
    number: str
    status: str
    status_reason: str | None
    commodity_id: uuid.UUID
    negotiation_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    quantity: DecimalStr
    unit: str
    price: DecimalStr
    currency: str
    price_unit: str
    amount: DecimalStr
    gst_rate: DecimalStr
    tax_regime: str
    cgst: DecimalStr
    sgst: DecimalStr
    igst: DecimalStr
    total: DecimalStr
    delivery_date: date | None
    payment_terms: str
    delivery_terms: str
    ship_to: AddressRead
    bill_to: AddressRead
    ship_from: AddressRead
    created_at: datetime
    updated_at: datetime
    version: int
    terms_version: int
    history: list[TermsVersionSummary]
    pending_amendment_id: uuid.UUID | None


class TradePage(BaseModel):
    items: list[TradeRead]
    next_cursor: str | None
