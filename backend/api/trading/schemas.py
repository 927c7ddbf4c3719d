"""HTTP shapes of trading's postings (inputs); answers live in ``reads.py``."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from backend.api.types import DecimalStr
from backend.modules.trading.domain.enums import PriceType, Urgency, Visibility

Unit = Annotated[str, Field(min_length=1, max_length=20, examples=["BALE"])]
Currency = Annotated[str, Field(min_length=3, max_length=3, examples=["INR"])]
Country = Annotated[str, Field(min_length=2, max_length=2, examples=["IN"])]
Terms = Annotated[str, Field(min_length=1, max_length=500)]
QualityText = Annotated[str, Field(min_length=1, max_length=100, examples=["28.5", "28-29.5", "white"])]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class AvailabilityCreate(_Input):
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
    available_from: date
    available_until: date
    cut_off: time | None = Field(None, description="local time on available_until; none: the end of that day")
    visibility: Visibility = Visibility.PUBLIC
    listed_buyers: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    country_of_origin: Country | None = None


class QualityRangeWrite(_Input):
    parameter: Annotated[str, Field(min_length=1, max_length=60)]
    min: DecimalStr | None = None
    max: DecimalStr | None = None
    preferred: Annotated[str | None, Field(max_length=100)] = None
    accepted: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=50)


class DeliveryPointWrite(_Input):
    location_id: uuid.UUID
    max_distance_km: DecimalStr


class RequirementCreate(_Input):
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
    delivery_from: date
    delivery_until: date
    payment_terms: Terms
    delivery_terms: Terms
    visibility: Visibility = Visibility.PUBLIC
    listed_sellers: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    urgency: Urgency = Urgency.NORMAL
    cut_off: time | None = None


class CancelWrite(_Input):
    reason: Annotated[str, Field(max_length=1000)] = ""
