"""A partner's locations: head office, branches, warehouses, factories, ship-to/bill-to points, ports."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from backend.core.errors import FieldError
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.enums import LocationKind
from backend.modules.partners.domain.errors import HeadOfficeRequired, InvalidPartnerInput, PartnerItemNotFound


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    postal_code: str
    country: str
    line2: str | None = None
    state: str | None = None


@dataclass(frozen=True)
class Coordinates:
    latitude: Decimal
    longitude: Decimal

    def errors(self, field: str) -> list[FieldError]:
        errors: list[FieldError] = []
        if not -90 <= self.latitude <= 90:
            errors.append(FieldError(f"{field}.latitude", "latitude must be between -90 and 90"))
        if not -180 <= self.longitude <= 180:
            errors.append(FieldError(f"{field}.longitude", "longitude must be between -180 and 180"))
        return errors


@dataclass
class Location:
    id: uuid.UUID
    kind: LocationKind
    name: str
    address: Address
    state_code: str | None  # GST state code, required for Indian locations
    gstin: str | None = None
    coordinates: Coordinates | None = None
    can_ship_from: bool = False
    can_receive: bool = False
    default_ship_from: bool = False
    default_ship_to: bool = False


def location_errors(location: Location, partner_country: str, partner_pan: str | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if not 0 < len(location.name.strip()) <= 120:
        errors.append(FieldError("name", "a location name must have 1 to 120 characters"))
    if not location.address.line1.strip() or not location.address.city.strip():
        errors.append(FieldError("address", "an address needs a first line and a city"))
    if location.address.country == "IN":
        if location.state_code is None:
            errors.append(FieldError("state_code", "an Indian location needs its GST state code"))
        elif message := ids.state_code_error(location.state_code):
            errors.append(FieldError("state_code", message))
    if location.gstin is not None:
        if location.address.country != "IN" or partner_country != "IN":
            errors.append(FieldError("gstin", "only an Indian partner's Indian location has a GSTIN"))
        else:
            errors += ids.gstin_errors(
                location.gstin, field="gstin", partner_pan=partner_pan, state_code=location.state_code
            )
    if location.coordinates is not None:
        errors += location.coordinates.errors("coordinates")
    if location.default_ship_from and not location.can_ship_from:
        errors.append(FieldError("default_ship_from", "the default ship-from location must be able to ship"))
    if location.default_ship_to and not location.can_receive:
        errors.append(FieldError("default_ship_to", "the default ship-to location must be able to receive"))
    return errors


@dataclass
class Locations:
    """The locations of one partner; exactly one head office, at most one default ship-from and ship-to."""

    items: list[Location] = field(default_factory=list)

    def get(self, location_id: uuid.UUID) -> Location:
        for location in self.items:
            if location.id == location_id:
                return location
        raise PartnerItemNotFound("location", location_id)

    @property
    def head_office(self) -> Location | None:
        return next((loc for loc in self.items if loc.kind is LocationKind.HEAD_OFFICE), None)

    @property
    def gstins(self) -> list[str]:
        return [loc.gstin for loc in self.items if loc.gstin is not None]

    def add(self, location: Location, partner_country: str, partner_pan: str | None) -> None:
        errors = location_errors(location, partner_country, partner_pan)
        if location.kind is LocationKind.HEAD_OFFICE and self.head_office is not None:
            errors.append(FieldError("kind", "the partner already has a head office"))
        if location.gstin is not None and ids.normalize_gstin(location.gstin) in map(ids.normalize_gstin, self.gstins):
            errors.append(FieldError("gstin", f"GSTIN {location.gstin} is already used by another location"))
        if errors:
            raise InvalidPartnerInput(errors)
        if location.gstin is not None:
            location.gstin = ids.normalize_gstin(location.gstin)
        # a new default replaces the old one rather than leaving two
        for other in self.items:
            other.default_ship_from = other.default_ship_from and not location.default_ship_from
            other.default_ship_to = other.default_ship_to and not location.default_ship_to
        self.items.append(location)

    def remove(self, location_id: uuid.UUID, partner_code: str) -> Location:
        location = self.get(location_id)
        if location.kind is LocationKind.HEAD_OFFICE:
            raise HeadOfficeRequired(partner_code)
        self.items.remove(location)
        return location
