"""What happens in the trading context, as its aggregates record it.

Quantities are in the commodity's base unit (``unit``); prices are per ``price_unit`` in ``currency``.
The unit of work turns these into the versioned integration events of ``contracts/trading``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from backend.core.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class TradingEvent(DomainEvent):
    tenant_id: uuid.UUID


# postings


@dataclass(frozen=True, kw_only=True)
class AvailabilityCreated(TradingEvent):
    availability_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class AvailabilityPublished(TradingEvent):
    availability_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    quantity: Decimal
    unit: str
    price: Decimal
    price_unit: str
    currency: str
    ship_from_location_id: uuid.UUID
    available_from: date
    available_until: date
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class AvailabilityQuantityChanged(TradingEvent):
    availability_id: uuid.UUID
    change: str  # reserved | released | sold | sold_from_reserve
    quantity: Decimal
    available: Decimal
    reserved: Decimal
    sold: Decimal
    unit: str


@dataclass(frozen=True, kw_only=True)
class AvailabilityStatusChanged(TradingEvent):
    availability_id: uuid.UUID
    from_status: str
    to_status: str
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class RequirementCreated(TradingEvent):
    requirement_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    commodity_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class RequirementPublished(TradingEvent):
    requirement_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    min_quantity: Decimal
    preferred_quantity: Decimal
    max_quantity: Decimal
    unit: str
    max_price: Decimal
    price_unit: str
    currency: str
    delivery_from: date
    delivery_until: date
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class RequirementFulfilmentRecorded(TradingEvent):
    requirement_id: uuid.UUID
    quantity: Decimal
    fulfilled: Decimal
    unit: str


@dataclass(frozen=True, kw_only=True)
class RequirementStatusChanged(TradingEvent):
    requirement_id: uuid.UUID
    from_status: str
    to_status: str
    reason: str | None = None


# matching and negotiation


@dataclass(frozen=True, kw_only=True)
class MatchFound(TradingEvent):
    match_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    score: Decimal
    quality_score: Decimal
    price_score: Decimal
    delivery_score: Decimal
    risk_score: Decimal
    buyer_partner_id: uuid.UUID | None = None
    seller_partner_id: uuid.UUID | None = None
    token: str | None = None


@dataclass(frozen=True, kw_only=True)
class MatchStatusChanged(TradingEvent):
    match_id: uuid.UUID
    from_status: str
    to_status: str


@dataclass(frozen=True, kw_only=True)
class NegotiationStarted(TradingEvent):
    negotiation_id: uuid.UUID
    match_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    started_by_partner_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class OfferMade(TradingEvent):
    negotiation_id: uuid.UUID
    offer_id: uuid.UUID
    by_partner_id: uuid.UUID
    side: str
    price: Decimal
    price_unit: str
    currency: str
    quantity: Decimal
    unit: str
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class OfferAccepted(TradingEvent):
    negotiation_id: uuid.UUID
    match_id: uuid.UUID
    offer_id: uuid.UUID
    accepted_by_partner_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class NegotiationEnded(TradingEvent):
    """Rejected, withdrawn or expired without a deal."""

    negotiation_id: uuid.UUID
    match_id: uuid.UUID
    status: str
    by_partner_id: uuid.UUID | None  # None: expired by inactivity
    reason: str | None = None


# trades and contracts


@dataclass(frozen=True, kw_only=True)
class TradeConfirmed(TradingEvent):
    trade_id: uuid.UUID
    trade_number: str
    negotiation_id: uuid.UUID
    availability_id: uuid.UUID
    requirement_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    quantity: Decimal
    unit: str
    price: Decimal
    price_unit: str
    currency: str
    amount: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    credit_reservation_id: uuid.UUID | None = None  # the buyer's credit held for the booking (risk's)
    buyer_branch_id: uuid.UUID | None = None
    seller_branch_id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class TradeStatusChanged(TradingEvent):
    trade_id: uuid.UUID
    trade_number: str
    from_status: str
    to_status: str
    by: uuid.UUID
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class TradeCancelled(TradingEvent):
    trade_id: uuid.UUID
    trade_number: str
    cancelled_by: uuid.UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class TradeAmendmentRequested(TradingEvent):
    trade_id: uuid.UUID
    trade_number: str
    amendment_id: uuid.UUID
    requested_by_side: str
    fields: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class TradeAmended(TradingEvent):
    """An amendment was approved; ``quantity_change`` moves the availability and the requirement."""

    trade_id: uuid.UUID
    trade_number: str
    amendment_id: uuid.UUID
    terms_version: int
    fields: tuple[str, ...]
    quantity_change: Decimal
    unit: str
    amount: Decimal
    currency: str
    # before and after, so a consumer (risk) can revalue without reading the trade back
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    quantity: Decimal
    previous_quantity: Decimal
    price: Decimal
    previous_price: Decimal
    price_unit: str
    previous_amount: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    previous_cgst: Decimal
    previous_sgst: Decimal
    previous_igst: Decimal


@dataclass(frozen=True, kw_only=True)
class TradeAmendmentRejected(TradingEvent):
    trade_id: uuid.UUID
    trade_number: str
    amendment_id: uuid.UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class ContractIssued(TradingEvent):
    contract_id: uuid.UUID
    trade_id: uuid.UUID
    contract_version: int
    sha256: str


@dataclass(frozen=True, kw_only=True)
class ContractSigned(TradingEvent):
    contract_id: uuid.UUID
    trade_id: uuid.UUID
    side: str
    partner_id: uuid.UUID
    tier: str
    fully_signed: bool
