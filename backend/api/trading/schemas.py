"""HTTP shapes of trading's postings (inputs); answers live in ``reads.py``."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated

from pydantic import AfterValidator, Field

from backend.api.inputs import Input
from backend.api.types import DecimalStr
from backend.modules.trading.domain.enums import PriceType, Urgency, Visibility

Unit = Annotated[str, Field(min_length=1, max_length=20, examples=["BALE"])]
Currency = Annotated[str, Field(min_length=3, max_length=3, examples=["INR"])]
Country = Annotated[str, Field(min_length=2, max_length=2, examples=["IN"])]
Terms = Annotated[str, Field(min_length=1, max_length=500)]
QualityText = Annotated[str, Field(min_length=1, max_length=100, examples=["28.5", "28-29.5", "white"])]
# a posting's window ends at the next local midnight (or a cut-off) in its place's time zone: the last
# day for which that instant exists in every zone, so a far-off date is a 422, not an overflow
LAST_DAY = date(9999, 12, 30)
Day = Annotated[date, Field(le=LAST_DAY)]


def _local(value: time | None) -> time | None:
    if value is not None and value.tzinfo is not None:
        raise ValueError("a cut-off is a local time at the posting's place: give it without a UTC offset")
    return value


# a wall-clock time where the posting is: an offset would be silently dropped, so it is refused
CutOff = Annotated[time | None, AfterValidator(_local)]


class AvailabilityCreate(Input):
    seller_partner_id: uuid.UUID | None = Field(None, description="omit as a partner user: your own partner")
    commodity_id: uuid.UUID
    variety: Annotated[str | None, Field(max_length=100)] = None
    quantity: DecimalStr
    unit: Unit
    minimum_order: DecimalStr | None = Field(None, description="in the same unit as quantity")
    partial_orders_allowed: bool = True
    price: DecimalStr
    price_unit: Unit
    currency: Currency
    price_type: PriceType = PriceType.NEGOTIABLE
    quality: dict[Annotated[str, Field(max_length=60)], QualityText] = Field(default_factory=dict)
    ship_from_location_id: uuid.UUID
    delivery_terms: Terms
    available_from: Day
    available_until: Day
    cut_off: CutOff = Field(None, description="local time on available_until; none: the end of that day")
    visibility: Visibility = Visibility.PUBLIC
    listed_buyers: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    country_of_origin: Country | None = None


class QualityRangeWrite(Input):
    parameter: Annotated[str, Field(min_length=1, max_length=60)]
    min: DecimalStr | None = None
    max: DecimalStr | None = None
    preferred: Annotated[str | None, Field(max_length=100)] = None
    accepted: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=50)


class DeliveryPointWrite(Input):
    location_id: uuid.UUID
    max_distance_km: DecimalStr


class RequirementCreate(Input):
    buyer_partner_id: uuid.UUID | None = Field(None, description="omit as a partner user: your own partner")
    commodity_id: uuid.UUID
    variety: Annotated[str | None, Field(max_length=100)] = None
    quantity_unit: Unit
    min_quantity: DecimalStr
    preferred_quantity: DecimalStr
    max_quantity: DecimalStr
    max_price: DecimalStr
    preferred_price: DecimalStr | None = None
    price_unit: Unit
    currency: Currency
    quality: list[QualityRangeWrite] = Field(default_factory=list, max_length=50)
    delivery_points: list[DeliveryPointWrite] = Field(min_length=1, max_length=20)
    allow_inter_state: bool = False
    origin_country: Country | None = None
    delivery_from: Day
    delivery_until: Day
    payment_terms: Terms
    delivery_terms: Terms
    visibility: Visibility = Visibility.PUBLIC
    listed_sellers: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    urgency: Urgency = Urgency.NORMAL
    cut_off: CutOff = None


class CancelWrite(Input):
    reason: Annotated[str, Field(max_length=1000)] = ""
