"""HTTP inputs to the trading use cases' commands."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from backend.api.trading.schemas import AvailabilityCreate, QualityRangeWrite, RequirementCreate
from backend.modules.trading.application.commands.create_availability import CreateAvailability
from backend.modules.trading.application.commands.create_requirement import CreateRequirement
from backend.modules.trading.domain.availability_terms import AvailabilityTerms
from backend.modules.trading.domain.geo import Place
from backend.modules.trading.domain.quality import QualityRange
from backend.modules.trading.domain.quantities import Quantity
from backend.modules.trading.domain.requirement_terms import DeliveryPoint, RequirementTerms


def _named(location_id: uuid.UUID) -> Place:
    # only the id counts: the use case reads the location itself from the partners context
    return Place(location_id, "", None, "UTC")


def availability(body: AvailabilityCreate) -> CreateAvailability:
    terms = AvailabilityTerms(
        quantity=Quantity(body.quantity, body.unit),
        price=body.price,
        price_unit=body.price_unit,
        currency=body.currency,
        ship_from=_named(body.ship_from_location_id),
        delivery_terms=body.delivery_terms,
        available_from=body.available_from,
        available_until=body.available_until,
        variety=body.variety,
        quality=dict(body.quality),
        minimum_order=None if body.minimum_order is None else Quantity(body.minimum_order, body.unit),
        partial_orders_allowed=body.partial_orders_allowed,
        price_type=body.price_type,
        visibility=body.visibility,
        listed_buyers=frozenset(body.listed_buyers),
        country_of_origin=body.country_of_origin,
        cut_off=body.cut_off,
    )
    return CreateAvailability(body.commodity_id, terms, body.seller_partner_id)


def _preferred(text: str | None) -> Decimal | str | None:
    if text is None:
        return None
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _range(item: QualityRangeWrite) -> QualityRange:
    return QualityRange(item.parameter, item.min, item.max, _preferred(item.preferred), tuple(item.accepted))


def requirement(body: RequirementCreate) -> CreateRequirement:
    terms = RequirementTerms(
        quantity_unit=body.quantity_unit,
        min_quantity=body.min_quantity,
        preferred_quantity=body.preferred_quantity,
        max_quantity=body.max_quantity,
        max_price=body.max_price,
        price_unit=body.price_unit,
        currency=body.currency,
        delivery_points=tuple(DeliveryPoint(_named(p.location_id), p.max_distance_km) for p in body.delivery_points),
        delivery_from=body.delivery_from,
        delivery_until=body.delivery_until,
        payment_terms=body.payment_terms,
        delivery_terms=body.delivery_terms,
        preferred_price=body.preferred_price,
        variety=body.variety,
        quality=tuple(_range(item) for item in body.quality),
        allow_inter_state=body.allow_inter_state,
        origin_country=body.origin_country,
        visibility=body.visibility,
        listed_sellers=frozenset(body.listed_sellers),
        urgency=body.urgency,
        cut_off=body.cut_off,
    )
    return CreateRequirement(body.commodity_id, terms, body.buyer_partner_id)
