"""What the trading use cases answer: plain snapshots, never the aggregates themselves."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.geo import Place
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.quality import describe
from backend.modules.trading.domain.requirement import Requirement


@dataclass(frozen=True)
class PlaceView:
    location_id: uuid.UUID
    country: str
    state_code: str | None
    timezone: str
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass(frozen=True)
class AvailabilityView:
    id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    unit: str
    total: Decimal
    available: Decimal
    reserved: Decimal
    sold: Decimal
    minimum_order: Decimal | None
    partial_orders_allowed: bool
    price: Decimal
    currency: str
    price_unit: str
    price_type: str
    quality: dict[str, str]
    ship_from: PlaceView
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


@dataclass(frozen=True)
class QualityRangeView:
    parameter: str
    min: Decimal | None
    max: Decimal | None
    preferred: str | None
    accepted: tuple[str, ...]


@dataclass(frozen=True)
class DeliveryPointView:
    place: PlaceView
    max_distance_km: Decimal


@dataclass(frozen=True)
class RequirementView:
    id: uuid.UUID
    buyer_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    unit: str
    min_quantity: Decimal
    preferred_quantity: Decimal
    max_quantity: Decimal
    fulfilled: Decimal
    max_price: Decimal
    preferred_price: Decimal | None
    currency: str
    price_unit: str
    quality: tuple[QualityRangeView, ...]
    delivery_points: tuple[DeliveryPointView, ...]
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


@dataclass(frozen=True)
class OfferView:
    """What the buyer learns of a matched availability before a negotiation: never the seller."""

    variety: str | None
    available: Decimal
    unit: str
    price: Decimal
    currency: str
    price_unit: str
    quality: dict[str, str]
    ship_from_country: str
    ship_from_state: str | None
    available_from: date
    available_until: date


@dataclass(frozen=True)
class MatchView:
    token: str
    score: Decimal
    quality_score: Decimal
    price_score: Decimal
    delivery_score: Decimal
    risk_score: Decimal
    reasons: tuple[str, ...]
    distance_km: Decimal
    status: str
    created_at: datetime
    offer: OfferView | None


V = TypeVar("V")


@dataclass(frozen=True)
class PageView(Generic[V]):
    items: tuple[V, ...]
    next_after: tuple[datetime, uuid.UUID] | None


def place_view(place: Place) -> PlaceView:
    point = place.point
    return PlaceView(
        place.location_id,
        place.country,
        place.state_code,
        place.timezone,
        None if point is None else point.latitude,
        None if point is None else point.longitude,
    )


def availability_view(a: Availability) -> AvailabilityView:
    return AvailabilityView(
        id=a.id,
        seller_partner_id=a.seller_partner_id,
        commodity_id=a.commodity_id,
        variety=a.variety,
        unit=a.unit,
        total=a.total,
        available=a.available,
        reserved=a.reserved,
        sold=a.sold,
        minimum_order=a.minimum_order,
        partial_orders_allowed=a.partial_orders_allowed,
        price=a.price.amount,
        currency=a.price.currency,
        price_unit=a.price.unit,
        price_type=a.price_type.value,
        quality={name: describe(value) for name, value in a.quality.items()},
        ship_from=place_view(a.ship_from),
        delivery_terms=a.delivery_terms,
        available_from=a.available_from,
        available_until=a.available_until,
        expires_at=a.expires_at,
        visibility=a.visibility.value,
        country_of_origin=a.country_of_origin,
        status=a.status.value,
        status_reason=a.status_reason,
        created_at=a.created_at,
        published_at=a.published_at,
        version=a.version,
    )


def requirement_view(r: Requirement) -> RequirementView:
    return RequirementView(
        id=r.id,
        buyer_partner_id=r.buyer_partner_id,
        commodity_id=r.commodity_id,
        variety=r.variety,
        unit=r.unit,
        min_quantity=r.min_quantity,
        preferred_quantity=r.preferred_quantity,
        max_quantity=r.max_quantity,
        fulfilled=r.fulfilled,
        max_price=r.max_price.amount,
        preferred_price=r.preferred_price,
        currency=r.max_price.currency,
        price_unit=r.max_price.unit,
        quality=tuple(
            QualityRangeView(q.parameter, q.min, q.max, None if q.preferred is None else str(q.preferred), q.accepted)
            for q in r.quality
        ),
        delivery_points=tuple(DeliveryPointView(place_view(p.place), p.max_distance_km) for p in r.delivery_points),
        allow_inter_state=r.allow_inter_state,
        origin_country=r.origin_country,
        delivery_from=r.delivery_from,
        delivery_until=r.delivery_until,
        payment_terms=r.payment_terms,
        delivery_terms=r.delivery_terms,
        visibility=r.visibility.value,
        urgency=r.urgency.value,
        expires_at=r.expires_at,
        status=r.status.value,
        status_reason=r.status_reason,
        created_at=r.created_at,
        published_at=r.published_at,
        version=r.version,
    )


def offer_view(a: Availability) -> OfferView:
    return OfferView(
        variety=a.variety,
        available=a.available,
        unit=a.unit,
        price=a.price.amount,
        currency=a.price.currency,
        price_unit=a.price.unit,
        quality={name: describe(value) for name, value in a.quality.items()},
        ship_from_country=a.ship_from.country,
        ship_from_state=a.ship_from.state_code,
        available_from=a.available_from,
        available_until=a.available_until,
    )


def match_view(m: Match, availability: Availability | None) -> MatchView:
    s = m.score
    return MatchView(
        token=m.token,
        score=s.total,
        quality_score=s.quality,
        price_score=s.price,
        delivery_score=s.delivery,
        risk_score=s.risk,
        reasons=s.reasons,
        distance_km=m.distance_km,
        status=m.status.value,
        created_at=m.created_at,
        offer=None if availability is None else offer_view(availability),
    )
