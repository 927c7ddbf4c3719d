"""What a seller enters for an availability, checked and converted in one pass.

Every problem is collected so one 422 names them all; the quality check alone keeps its own error
(``InvalidQuality``) with the violated parameter, bound and value.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from backend.core.currencies import currency_errors
from backend.core.decimal_math import canonical
from backend.core.errors import FieldError
from backend.modules.trading.domain import postings
from backend.modules.trading.domain.enums import PriceType, Visibility
from backend.modules.trading.domain.errors import attempt, errors_on
from backend.modules.trading.domain.facts import CommodityFacts
from backend.modules.trading.domain.geo import Place
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.quality import QualityValue, quality_or_errors
from backend.modules.trading.domain.quantities import Quantity, normalize_unit, positive_errors


@dataclass(frozen=True)
class AvailabilityTerms:
    """What a seller enters; quantities in any unit of the commodity."""

    quantity: Quantity
    price: Decimal
    price_unit: str
    currency: str
    ship_from: Place
    delivery_terms: str
    available_from: date
    available_until: date
    variety: str | None = None
    quality: Mapping[str, QualityValue] = field(default_factory=dict)
    minimum_order: Quantity | None = None
    partial_orders_allowed: bool = True
    price_type: PriceType = PriceType.NEGOTIABLE
    visibility: Visibility = Visibility.PUBLIC
    listed_buyers: frozenset[uuid.UUID] = frozenset()
    country_of_origin: str | None = None  # defaults to the ship-from country
    cut_off: time | None = None  # local time on available_until; None: the end of that day


def _field_errors(terms: AvailabilityTerms, commodity: CommodityFacts) -> list[FieldError]:
    errors = positive_errors(terms.quantity.amount, "quantity", "quantity")
    errors += positive_errors(terms.price, "price", "price")
    errors += currency_errors(terms.currency)
    errors += postings.terms_errors(terms.delivery_terms, "delivery_terms")
    errors += postings.visibility_errors(terms.visibility, terms.listed_buyers, "listed_buyers")
    errors += postings.country_errors(terms.ship_from.country, "ship_from.country")
    if terms.country_of_origin is not None:
        errors += postings.country_errors(terms.country_of_origin, "country_of_origin")
    if terms.ship_from.point is not None:
        errors += terms.ship_from.point.errors("ship_from.point")
    if terms.minimum_order is not None:
        errors += positive_errors(terms.minimum_order.amount, "minimum_order", "minimum order")
    if terms.available_from > terms.available_until:
        errors.append(FieldError("available_until", "available_until is before available_from"))
    if not commodity.active:
        errors.append(FieldError("commodity_id", f"{commodity.code} is deactivated and cannot be posted"))
    if terms.variety is not None and commodity.known_variety(terms.variety) is None:
        errors.append(FieldError("variety", f"{terms.variety!r} is not a variety of {commodity.code}"))
    return errors


@dataclass(frozen=True)
class CheckedAvailability:
    """The terms converted: quantities in the base unit, the price with its unit factor frozen."""

    total: Decimal
    minimum_order: Decimal | None
    price: UnitPrice
    quality: dict[str, QualityValue]
    expires_at: datetime
    variety: str | None


def check_terms(terms: AvailabilityTerms, commodity: CommodityFacts, now: datetime) -> CheckedAvailability:
    errors = _field_errors(terms, commodity)
    units = commodity.units
    total = attempt(errors, lambda: units.to_base(terms.quantity)) if not errors_on(errors, "quantity") else None
    minimum, minimum_order = None, terms.minimum_order
    if minimum_order is not None and not errors_on(errors, "minimum_order"):
        minimum = attempt(errors, lambda: units.to_base(minimum_order, "minimum_order"))
    if minimum is not None and total is not None and minimum > total:
        errors.append(FieldError("minimum_order", "the minimum order is larger than the quantity offered"))
    price_factor = attempt(errors, lambda: units.factor_of(terms.price_unit, "price_unit"))
    expires_at = attempt(
        errors,
        lambda: postings.expiry_instant(
            terms.available_until, terms.ship_from.timezone, terms.cut_off, "ship_from.timezone"
        ),
    )
    if expires_at is not None and expires_at <= now:
        errors.append(FieldError("available_until", "the availability would already have expired"))
    quality = quality_or_errors(errors, commodity.quality, terms.quality)  # raises if anything was found
    assert total is not None
    assert price_factor is not None
    assert expires_at is not None
    price = UnitPrice(canonical(terms.price), terms.currency, normalize_unit(terms.price_unit), price_factor)
    variety = None if terms.variety is None else commodity.known_variety(terms.variety)
    return CheckedAvailability(total, minimum, price, quality, expires_at, variety)
