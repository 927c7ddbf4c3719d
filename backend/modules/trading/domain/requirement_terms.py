"""What a buyer enters for a requirement, checked and converted in one pass (one 422 names every problem)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from backend.core.currencies import currency_errors
from backend.core.decimal_math import canonical
from backend.core.errors import FieldError
from backend.modules.trading.domain import postings
from backend.modules.trading.domain.enums import Urgency, Visibility
from backend.modules.trading.domain.errors import attempt, check
from backend.modules.trading.domain.facts import CommodityFacts
from backend.modules.trading.domain.geo import Place
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.quality import QualityRange, quality_range_errors
from backend.modules.trading.domain.quantities import Quantity, normalize_unit, positive_errors


@dataclass(frozen=True)
class DeliveryPoint:
    """A place the buyer accepts delivery at, and how far from it the goods may ship from."""

    place: Place
    max_distance_km: Decimal


@dataclass(frozen=True)
class RequirementTerms:
    """What a buyer enters; the three quantities share ``quantity_unit``."""

    quantity_unit: str
    min_quantity: Decimal
    preferred_quantity: Decimal
    max_quantity: Decimal
    max_price: Decimal
    price_unit: str
    currency: str
    delivery_points: tuple[DeliveryPoint, ...]
    delivery_from: date
    delivery_until: date
    payment_terms: str
    delivery_terms: str
    preferred_price: Decimal | None = None
    variety: str | None = None
    quality: tuple[QualityRange, ...] = ()
    allow_inter_state: bool = False
    origin_country: str | None = None  # when given, only goods of this origin match
    visibility: Visibility = Visibility.PUBLIC
    listed_sellers: frozenset[uuid.UUID] = frozenset()
    urgency: Urgency = Urgency.NORMAL
    cut_off: time | None = None  # local time on delivery_until; None: the end of that day


def _point_errors(points: tuple[DeliveryPoint, ...]) -> list[FieldError]:
    if not points:
        return [FieldError("delivery_points", "a requirement needs at least one delivery location")]
    errors: list[FieldError] = []
    for index, point in enumerate(points):
        where = f"delivery_points.{index}"
        if not point.max_distance_km.is_finite() or point.max_distance_km < 0:
            errors.append(FieldError(f"{where}.max_distance_km", "the maximum distance must be zero or more km"))
        if point.place.point is None:
            errors.append(FieldError(f"{where}.point", "a delivery location needs coordinates to measure distance"))
        else:
            errors += point.place.point.errors(f"{where}.point")
        errors += postings.country_errors(point.place.country, f"{where}.country")
    return errors


def _terms_errors(terms: RequirementTerms, commodity: CommodityFacts) -> list[FieldError]:
    errors: list[FieldError] = []
    for name in ("min_quantity", "preferred_quantity", "max_quantity", "max_price"):
        errors += positive_errors(getattr(terms, name), name, name.replace("_", " "))
    if not errors and not terms.min_quantity <= terms.preferred_quantity <= terms.max_quantity:
        errors.append(FieldError("preferred_quantity", "quantities must satisfy min <= preferred <= max"))
    if terms.preferred_price is not None:
        errors += positive_errors(terms.preferred_price, "preferred_price", "preferred price")
        if terms.max_price.is_finite() and terms.preferred_price > terms.max_price:
            errors.append(FieldError("preferred_price", "the preferred price is above the maximum price"))
    errors += currency_errors(terms.currency)
    errors += _point_errors(terms.delivery_points)
    if terms.delivery_from > terms.delivery_until:
        errors.append(FieldError("delivery_until", "delivery_until is before delivery_from"))
    errors += postings.terms_errors(terms.payment_terms, "payment_terms")
    errors += postings.terms_errors(terms.delivery_terms, "delivery_terms")
    errors += postings.visibility_errors(terms.visibility, terms.listed_sellers, "listed_sellers")
    if terms.origin_country is not None:
        errors += postings.country_errors(terms.origin_country, "origin_country")
    errors += quality_range_errors(terms.quality, commodity.quality)
    if not commodity.active:
        errors.append(FieldError("commodity_id", f"{commodity.code} is deactivated and cannot be posted"))
    if terms.variety is not None and commodity.known_variety(terms.variety) is None:
        errors.append(FieldError("variety", f"{terms.variety!r} is not a variety of {commodity.code}"))
    return errors


@dataclass(frozen=True)
class CheckedRequirement:
    """The terms converted: quantities in the base unit, the maximum price with its unit factor frozen."""

    min_quantity: Decimal
    preferred_quantity: Decimal
    max_quantity: Decimal
    max_price: UnitPrice
    preferred_price: Decimal | None
    expires_at: datetime
    variety: str | None


def check_terms(terms: RequirementTerms, commodity: CommodityFacts, now: datetime) -> CheckedRequirement:
    errors = _terms_errors(terms, commodity)
    units = commodity.units
    factor = attempt(errors, lambda: units.factor_of(terms.quantity_unit, "quantity_unit"))
    price_factor = attempt(errors, lambda: units.factor_of(terms.price_unit, "price_unit"))
    expires_at = None
    if terms.delivery_points:
        zone = terms.delivery_points[0].place.timezone
        expires_at = attempt(
            errors,
            lambda: postings.expiry_instant(terms.delivery_until, zone, terms.cut_off, "delivery_points.0.timezone"),
        )
    if expires_at is not None and expires_at <= now:
        errors.append(FieldError("delivery_until", "the requirement would already have expired"))
    check(errors)
    assert factor is not None
    assert price_factor is not None
    assert expires_at is not None

    def base(amount: Decimal) -> Decimal:
        return units.to_base(Quantity(amount, terms.quantity_unit))

    return CheckedRequirement(
        min_quantity=base(terms.min_quantity),
        preferred_quantity=base(terms.preferred_quantity),
        max_quantity=base(terms.max_quantity),
        max_price=UnitPrice(canonical(terms.max_price), terms.currency, normalize_unit(terms.price_unit), price_factor),
        preferred_price=None if terms.preferred_price is None else canonical(terms.preferred_price),
        expires_at=expires_at,
        variety=None if terms.variety is None else commodity.known_variety(terms.variety),
    )
