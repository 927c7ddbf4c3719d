"""Rows of the ``trading`` schema to aggregates and back; every field round-trips (tests pin it)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from backend.modules.trading.application.mapping_prices import per_base_unit
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import (
    AvailabilityStatus,
    MatchStatus,
    PriceType,
    RequirementStatus,
    Urgency,
    Visibility,
)
from backend.modules.trading.domain.geo import GeoPoint, Place
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.quality import QualityRange, QualityValue, ValueRange
from backend.modules.trading.domain.quantities import Quantity
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint
from backend.modules.trading.domain.scoring import MatchScore


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def quality_json(values: dict[str, QualityValue]) -> dict[str, Any]:
    encoded: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, ValueRange):
            encoded[name] = {"range": [str(value.low), str(value.high)]}
        elif isinstance(value, Decimal):
            encoded[name] = {"number": str(value)}
        else:
            encoded[name] = {"label": value}
    return encoded


def quality_values(encoded: dict[str, Any]) -> dict[str, QualityValue]:
    values: dict[str, QualityValue] = {}
    for name, item in encoded.items():
        if "range" in item:
            values[name] = ValueRange(Decimal(item["range"][0]), Decimal(item["range"][1]))
        elif "number" in item:
            values[name] = Decimal(item["number"])
        else:
            values[name] = str(item["label"])
    return values


def _preferred_json(value: Decimal | str | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"number": str(value)} if isinstance(value, Decimal) else {"label": value}


def ranges_json(ranges: tuple[QualityRange, ...]) -> list[dict[str, Any]]:
    return [
        {
            "parameter": r.parameter,
            "min": _text(r.min),
            "max": _text(r.max),
            "preferred": _preferred_json(r.preferred),
            "accepted": list(r.accepted),
        }
        for r in ranges
    ]


def ranges_of(encoded: list[dict[str, Any]]) -> tuple[QualityRange, ...]:
    ranges = []
    for item in encoded:
        preferred = item["preferred"]
        value: Decimal | str | None = None
        if preferred is not None:
            value = Decimal(preferred["number"]) if "number" in preferred else str(preferred["label"])
        ranges.append(
            QualityRange(
                item["parameter"], _decimal(item["min"]), _decimal(item["max"]), value, tuple(item["accepted"])
            )
        )
    return tuple(ranges)


def place_json(place: Place) -> dict[str, Any]:
    point = place.point
    return {
        "location_id": str(place.location_id),
        "country": place.country,
        "state_code": place.state_code,
        "timezone": place.timezone,
        "latitude": None if point is None else str(point.latitude),
        "longitude": None if point is None else str(point.longitude),
    }


def place_of(item: dict[str, Any]) -> Place:
    point = None
    if item["latitude"] is not None and item["longitude"] is not None:
        point = GeoPoint(Decimal(item["latitude"]), Decimal(item["longitude"]))
    return Place(uuid.UUID(item["location_id"]), item["country"], item["state_code"], item["timezone"], point)


def availability_row(a: Availability) -> dict[str, Any]:
    point = a.ship_from.point
    return {
        "id": a.id,
        "tenant_id": a.tenant_id,
        "seller_partner_id": a.seller_partner_id,
        "commodity_id": a.commodity_id,
        "variety": a.variety,
        "unit": a.unit,
        "entered_quantity": a.entered_quantity.amount,
        "entered_unit": a.entered_quantity.unit,
        "total": a.total,
        "available": a.available,
        "reserved": a.reserved,
        "sold": a.sold,
        "minimum_order": a.minimum_order,
        "partial_orders_allowed": a.partial_orders_allowed,
        "price": a.price.amount,
        "currency": a.price.currency,
        "price_unit": a.price.unit,
        "price_factor": a.price.factor,
        "price_per_base": per_base_unit(a.price, up=False),
        "price_type": a.price_type.value,
        "quality": quality_json(a.quality),
        "ship_from_location_id": a.ship_from.location_id,
        "ship_from_country": a.ship_from.country,
        "ship_from_state": a.ship_from.state_code,
        "ship_from_timezone": a.ship_from.timezone,
        "latitude": None if point is None else point.latitude,
        "longitude": None if point is None else point.longitude,
        "delivery_terms": a.delivery_terms,
        "available_from": a.available_from,
        "available_until": a.available_until,
        "cut_off": a.cut_off,
        "expires_at": a.expires_at,
        "visibility": a.visibility.value,
        "listed_buyers": sorted(a.listed_buyers),
        "country_of_origin": a.country_of_origin,
        "fingerprint": a.fingerprint,
        "status": a.status.value,
        "status_reason": a.status_reason,
        "created_at": a.created_at,
        "published_at": a.published_at,
        "updated_at": a.updated_at,
        "branch_id": a.branch_id,
        "version": a.version,
    }


def availability_of(row: Any) -> Availability:
    point = None
    if row.latitude is not None and row.longitude is not None:
        point = GeoPoint(row.latitude, row.longitude)
    return Availability(
        id=row.id,
        tenant_id=row.tenant_id,
        seller_partner_id=row.seller_partner_id,
        commodity_id=row.commodity_id,
        variety=row.variety,
        unit=row.unit,
        entered_quantity=Quantity(row.entered_quantity, row.entered_unit),
        total=row.total,
        minimum_order=row.minimum_order,
        partial_orders_allowed=row.partial_orders_allowed,
        price=UnitPrice(row.price, row.currency, row.price_unit, row.price_factor),
        price_type=PriceType(row.price_type),
        quality=quality_values(row.quality),
        ship_from=Place(
            row.ship_from_location_id, row.ship_from_country, row.ship_from_state, row.ship_from_timezone, point
        ),
        delivery_terms=row.delivery_terms,
        available_from=row.available_from,
        available_until=row.available_until,
        cut_off=row.cut_off,
        expires_at=row.expires_at,
        visibility=Visibility(row.visibility),
        listed_buyers=frozenset(row.listed_buyers),
        country_of_origin=row.country_of_origin,
        fingerprint=row.fingerprint,
        available=row.available,
        reserved=row.reserved,
        sold=row.sold,
        status=AvailabilityStatus(row.status),
        status_reason=row.status_reason,
        created_at=row.created_at,
        published_at=row.published_at,
        updated_at=row.updated_at,
        branch_id=row.branch_id,
        version=row.version,
        persisted_version=row.version,
    )


def requirement_row(r: Requirement) -> dict[str, Any]:
    return {
        "id": r.id,
        "tenant_id": r.tenant_id,
        "buyer_partner_id": r.buyer_partner_id,
        "commodity_id": r.commodity_id,
        "variety": r.variety,
        "unit": r.unit,
        "min_quantity": r.min_quantity,
        "preferred_quantity": r.preferred_quantity,
        "max_quantity": r.max_quantity,
        "fulfilled": r.fulfilled,
        "max_price": r.max_price.amount,
        "currency": r.max_price.currency,
        "price_unit": r.max_price.unit,
        "price_factor": r.max_price.factor,
        "max_price_per_base": per_base_unit(r.max_price, up=True),
        "preferred_price": r.preferred_price,
        "quality": ranges_json(r.quality),
        "delivery_points": [
            {"place": place_json(p.place), "max_distance_km": str(p.max_distance_km)} for p in r.delivery_points
        ],
        "allow_inter_state": r.allow_inter_state,
        "origin_country": r.origin_country,
        "delivery_from": r.delivery_from,
        "delivery_until": r.delivery_until,
        "payment_terms": r.payment_terms,
        "delivery_terms": r.delivery_terms,
        "visibility": r.visibility.value,
        "listed_sellers": sorted(r.listed_sellers),
        "urgency": r.urgency.value,
        "cut_off": r.cut_off,
        "expires_at": r.expires_at,
        "fingerprint": r.fingerprint,
        "status": r.status.value,
        "status_reason": r.status_reason,
        "created_at": r.created_at,
        "published_at": r.published_at,
        "updated_at": r.updated_at,
        "branch_id": r.branch_id,
        "version": r.version,
    }


def requirement_of(row: Any) -> Requirement:
    return Requirement(
        id=row.id,
        tenant_id=row.tenant_id,
        buyer_partner_id=row.buyer_partner_id,
        commodity_id=row.commodity_id,
        variety=row.variety,
        unit=row.unit,
        min_quantity=row.min_quantity,
        preferred_quantity=row.preferred_quantity,
        max_quantity=row.max_quantity,
        max_price=UnitPrice(row.max_price, row.currency, row.price_unit, row.price_factor),
        preferred_price=row.preferred_price,
        quality=ranges_of(row.quality),
        delivery_points=tuple(
            DeliveryPoint(place_of(p["place"]), Decimal(p["max_distance_km"])) for p in row.delivery_points
        ),
        allow_inter_state=row.allow_inter_state,
        origin_country=row.origin_country,
        delivery_from=row.delivery_from,
        delivery_until=row.delivery_until,
        payment_terms=row.payment_terms,
        delivery_terms=row.delivery_terms,
        visibility=Visibility(row.visibility),
        listed_sellers=frozenset(row.listed_sellers),
        urgency=Urgency(row.urgency),
        cut_off=row.cut_off,
        expires_at=row.expires_at,
        fingerprint=row.fingerprint,
        fulfilled=row.fulfilled,
        status=RequirementStatus(row.status),
        status_reason=row.status_reason,
        created_at=row.created_at,
        published_at=row.published_at,
        updated_at=row.updated_at,
        branch_id=row.branch_id,
        version=row.version,
        persisted_version=row.version,
    )


def match_row(m: Match) -> dict[str, Any]:
    s = m.score
    return {
        "id": m.id,
        "tenant_id": m.tenant_id,
        "requirement_id": m.requirement_id,
        "availability_id": m.availability_id,
        "buyer_partner_id": m.buyer_partner_id,
        "seller_partner_id": m.seller_partner_id,
        "token": m.token,
        "score": s.total,
        "quality_score": s.quality,
        "price_score": s.price,
        "delivery_score": s.delivery,
        "risk_score": s.risk,
        "reasons": list(s.reasons),
        "distance_km": m.distance_km,
        "delivery_location_id": m.delivery_location_id,
        "status": m.status.value,
        "created_at": m.created_at,
        "updated_at": m.updated_at,
        "version": m.version,
    }


def match_of(row: Any) -> Match:
    return Match(
        id=row.id,
        tenant_id=row.tenant_id,
        requirement_id=row.requirement_id,
        availability_id=row.availability_id,
        buyer_partner_id=row.buyer_partner_id,
        seller_partner_id=row.seller_partner_id,
        token=row.token,
        score=MatchScore(
            row.score, row.quality_score, row.price_score, row.delivery_score, row.risk_score, tuple(row.reasons)
        ),
        distance_km=row.distance_km,
        delivery_location_id=row.delivery_location_id,
        status=MatchStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        persisted_version=row.version,
    )
