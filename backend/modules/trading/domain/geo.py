"""Places and great-circle distances.

Haversine runs on floats (trigonometry has no exact decimal form) and the result is exposed as a
``Decimal`` rounded half up to 0.1 km, so every comparison and score downstream is reproducible.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from backend.core.errors import FieldError

EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius
KM_STEP = Decimal("0.1")


@dataclass(frozen=True)
class GeoPoint:
    latitude: Decimal
    longitude: Decimal

    def errors(self, field: str) -> list[FieldError]:
        errors: list[FieldError] = []
        if not (self.latitude.is_finite() and -90 <= self.latitude <= 90):
            errors.append(FieldError(f"{field}.latitude", "latitude must be between -90 and 90"))
        if not (self.longitude.is_finite() and -180 <= self.longitude <= 180):
            errors.append(FieldError(f"{field}.longitude", "longitude must be between -180 and 180"))
        return errors


@dataclass(frozen=True)
class Place:
    """A partner location as a posting refers to it (read by the application from the partners facade)."""

    location_id: uuid.UUID
    country: str  # ISO 3166-1 alpha-2
    state_code: str | None  # the GST state code in India, the subdivision elsewhere
    timezone: str  # IANA name, e.g. Asia/Kolkata
    point: GeoPoint | None = None

    def same_state(self, other: Place) -> bool:
        return self.country == other.country and self.state_code is not None and self.state_code == other.state_code


def distance_km(a: GeoPoint, b: GeoPoint) -> Decimal:
    """Great-circle distance in km, rounded half up to 0.1 km (Mumbai to Ahmedabad is about 440 km)."""
    lat1, lat2 = math.radians(float(a.latitude)), math.radians(float(b.latitude))
    half_dlat = (lat2 - lat1) / 2
    half_dlon = math.radians(float(b.longitude) - float(a.longitude)) / 2
    h = math.sin(half_dlat) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(half_dlon) ** 2
    km = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
    return Decimal(repr(km)).quantize(KM_STEP, rounding=ROUND_HALF_UP)
