"""Prices per base unit for the SQL prefilters, rounded outward so SQL never drops what the domain keeps."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from backend.modules.trading.domain.money import UnitPrice

PREFILTER_PLACES = Decimal("1e-12")


def per_base_unit(price: UnitPrice, *, up: bool) -> Decimal:
    rounding = ROUND_CEILING if up else ROUND_FLOOR
    return (price.amount / price.factor).quantize(PREFILTER_PLACES, rounding=rounding)
