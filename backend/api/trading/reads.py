"""HTTP shapes of trading's answers: decimals as strings, no seller identity in a match."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from backend.api.types import DecimalStr


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PlaceRead(_Read):
    location_id: uuid.UUID
    country: str
    state_code: str | None
    timezone: str
    latitude: DecimalStr | None
    longitude: DecimalStr | None


class AvailabilityRead(_Read):
    id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    unit: str
    total: DecimalStr
    available: DecimalStr
    reserved: DecimalStr
    sold: DecimalStr
    minimum_order: DecimalStr | None
    partial_orders_allowed: bool
    price: DecimalStr
    currency: str
    price_unit: str
    price_type: str
    quality: dict[str, str]
    ship_from: PlaceRead
    delivery_terms: str
    available_from: date
    available_until: date
    expires_at: datetime
    visibility: str
    country_of_origin: str
    status: str
    status_reason: str | None
    created_at: datetime
    published_at: datetime | None
    version: int


class AvailabilityPage(BaseModel):
    items: list[AvailabilityRead]
    next_cursor: str | None


class QualityRangeRead(_Read):
    parameter: str
    min: DecimalStr | None
    max: DecimalStr | None
    preferred: str | None
    accepted: list[str]


class DeliveryPointRead(_Read):
    place: PlaceRead
    max_distance_km: DecimalStr


class RequirementRead(_Read):
    id: uuid.UUID
    buyer_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    unit: str
    min_quantity: DecimalStr
    preferred_quantity: DecimalStr
    max_quantity: DecimalStr
    fulfilled: DecimalStr
    max_price: DecimalStr
    preferred_price: DecimalStr | None
    currency: str
    price_unit: str
    quality: list[QualityRangeRead]
    delivery_points: list[DeliveryPointRead]
    allow_inter_state: bool
    origin_country: str | None
    delivery_from: date
    delivery_until: date
    payment_terms: str
    delivery_terms: str
    visibility: str
    urgency: str
    expires_at: datetime
    status: str
    status_reason: str | None
    created_at: datetime
    published_at: datetime | None
    version: int


class RequirementPage(BaseModel):
    items: list[RequirementRead]
    next_cursor: str | None


class OfferRead(_Read):
    variety: str | None
    available: DecimalStr
    unit: str
    price: DecimalStr
    currency: str
    price_unit: str
    quality: dict[str, str]
    ship_from_country: str
    ship_from_state: str | None
    available_from: date
    available_until: date


class MatchRead(_Read):
    """One match, explained; ``token`` stands for the seller until a negotiation starts."""

    token: str
    score: DecimalStr
    quality_score: DecimalStr
    price_score: DecimalStr
    delivery_score: DecimalStr
    risk_score: DecimalStr
    reasons: list[str]
    distance_km: DecimalStr
    status: str
    created_at: datetime
    offer: OfferRead | None


class MatchList(_Read):
    requirement_id: uuid.UUID
    items: list[MatchRead]
