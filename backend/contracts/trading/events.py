"""Integration events the trading context will publish (contracts first; producers land with it).

Quantities are in the commodity's base unit; money is a decimal with its ISO 4217 currency.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import ClassVar

from backend.core.messaging.events import IntegrationEvent
from backend.core.wire_types import DecimalStr


class RequirementPublishedV1(IntegrationEvent):
    """A buyer's requirement became active (matching starts from here)."""

    wire_name: ClassVar[str] = "trading.requirement_published.v1"
    aggregate_type: ClassVar[str] = "requirement"
    aggregate_field: ClassVar[str] = "requirement_id"

    requirement_id: uuid.UUID
    tenant_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    min_quantity: DecimalStr
    max_quantity: DecimalStr
    unit: str
    max_price: DecimalStr
    currency: str
    delivery_from: date
    delivery_until: date


class AvailabilityPublishedV1(IntegrationEvent):
    """A seller's availability became active."""

    wire_name: ClassVar[str] = "trading.availability_published.v1"
    aggregate_type: ClassVar[str] = "availability"
    aggregate_field: ClassVar[str] = "availability_id"

    availability_id: uuid.UUID
    tenant_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    quantity: DecimalStr
    unit: str
    price: DecimalStr
    currency: str
    ship_from_location_id: uuid.UUID
    available_from: date
    available_until: date


class MatchFoundV1(IntegrationEvent):
    """A requirement and an availability matched, with the explained score. Only the requirement's
    top matches are stored and announced. ``token`` is the anonymous name both parties know the
    match by until a negotiation starts: notices to a party must not name the other one."""

    wire_name: ClassVar[str] = "trading.match_found.v1"
    aggregate_type: ClassVar[str] = "requirement"
    aggregate_field: ClassVar[str] = "requirement_id"

    match_id: uuid.UUID
    tenant_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    score: DecimalStr
    quality_score: DecimalStr
    price_score: DecimalStr
    delivery_score: DecimalStr
    risk_score: DecimalStr
    buyer_partner_id: uuid.UUID | None = None
    seller_partner_id: uuid.UUID | None = None
    token: str | None = None


class NegotiationStartedV1(IntegrationEvent):
    """One party opened a negotiation on a match; both identities are revealed from now on."""

    wire_name: ClassVar[str] = "trading.negotiation_started.v1"
    aggregate_type: ClassVar[str] = "negotiation"
    aggregate_field: ClassVar[str] = "negotiation_id"

    negotiation_id: uuid.UUID
    tenant_id: uuid.UUID
    match_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    started_by_partner_id: uuid.UUID


class OfferMadeV1(IntegrationEvent):
    """A party made an offer (price, quantity, terms) in a negotiation."""

    wire_name: ClassVar[str] = "trading.offer_made.v1"
    aggregate_type: ClassVar[str] = "negotiation"
    aggregate_field: ClassVar[str] = "negotiation_id"

    offer_id: uuid.UUID
    negotiation_id: uuid.UUID
    tenant_id: uuid.UUID
    by_partner_id: uuid.UUID
    price: DecimalStr
    currency: str
    quantity: DecimalStr
    unit: str
    expires_at: datetime


class TradeConfirmedV1(IntegrationEvent):
    """An accepted offer became a binding trade.

    ``amount`` is quantity times price before tax; the buyer is invoiced ``amount`` plus the GST
    (``cgst`` + ``sgst``, or ``igst``). ``buyer_branch_id`` and ``seller_branch_id`` are the
    tenant's branches holding each party's relationship (None: held at tenant level); ``branch_id``
    is the branch both share, else None.
    """

    wire_name: ClassVar[str] = "trading.trade_confirmed.v1"
    aggregate_type: ClassVar[str] = "trade"
    aggregate_field: ClassVar[str] = "trade_id"

    trade_id: uuid.UUID
    tenant_id: uuid.UUID
    trade_number: str
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    quantity: DecimalStr
    unit: str
    price: DecimalStr
    currency: str
    amount: DecimalStr
    cgst: DecimalStr
    sgst: DecimalStr
    igst: DecimalStr
    branch_id: uuid.UUID | None = None
    price_unit: str | None = None  # the unit ``price`` is per (e.g. CANDY); ``quantity`` is in ``unit``
    # the risk context's credit reservation the booking held; risk consumes it as it counts the trade
    credit_reservation_id: uuid.UUID | None = None
    buyer_branch_id: uuid.UUID | None = None
    seller_branch_id: uuid.UUID | None = None


class TradeCancelledV1(IntegrationEvent):
    """A trade was cancelled."""

    wire_name: ClassVar[str] = "trading.trade_cancelled.v1"
    aggregate_type: ClassVar[str] = "trade"
    aggregate_field: ClassVar[str] = "trade_id"

    trade_id: uuid.UUID
    tenant_id: uuid.UUID
    trade_number: str
    cancelled_by: uuid.UUID
    reason: str


class TradeAmendedV1(IntegrationEvent):
    """The counterparty approved an amendment: the trade's terms moved to ``terms_version``.

    Quantities are in ``unit`` (the base unit), prices per ``price_unit``; ``amount`` is before tax
    and the GST heads follow it. The ``previous_*`` fields are the terms the amendment replaced, so
    a consumer revalues (exposure, positions) by the difference without reading the trade back.
    """

    wire_name: ClassVar[str] = "trading.trade_amended.v1"
    aggregate_type: ClassVar[str] = "trade"
    aggregate_field: ClassVar[str] = "trade_id"

    trade_id: uuid.UUID
    tenant_id: uuid.UUID
    trade_number: str
    amendment_id: uuid.UUID
    terms_version: int
    fields: list[str]
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    unit: str
    currency: str
    price_unit: str
    quantity: DecimalStr
    previous_quantity: DecimalStr
    price: DecimalStr
    previous_price: DecimalStr
    amount: DecimalStr
    previous_amount: DecimalStr
    cgst: DecimalStr
    sgst: DecimalStr
    igst: DecimalStr
    previous_cgst: DecimalStr
    previous_sgst: DecimalStr
    previous_igst: DecimalStr
