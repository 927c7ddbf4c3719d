"""Choosing a trade's locations among a partner's, and freezing them as address snapshots.

The rule for each role (ship-from, ship-to, bill-to): the location chosen explicitly, if it is
eligible; else the only eligible one; else the eligible default; else a 422 that lists the choice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from backend.core.errors import FieldError
from backend.modules.trading.domain.errors import InvalidTradingInput


class LocationRole(StrEnum):
    SHIP_FROM = "ship_from"
    SHIP_TO = "ship_to"
    BILL_TO = "bill_to"


@dataclass(frozen=True)
class LocationFacts:
    """A partner location as the partners facade describes it."""

    id: uuid.UUID
    name: str
    line1: str
    city: str
    postal_code: str
    country: str
    state_code: str | None = None
    state: str | None = None
    line2: str | None = None
    gstin: str | None = None
    can_ship_from: bool = False
    can_receive: bool = False
    can_bill: bool = False  # head office, branch or bill-to point
    default_ship_from: bool = False
    default_ship_to: bool = False
    default_bill_to: bool = False

    def eligible_for(self, role: LocationRole) -> bool:
        return {
            LocationRole.SHIP_FROM: self.can_ship_from,
            LocationRole.SHIP_TO: self.can_receive,
            LocationRole.BILL_TO: self.can_bill,
        }[role]

    def default_for(self, role: LocationRole) -> bool:
        return {
            LocationRole.SHIP_FROM: self.default_ship_from,
            LocationRole.SHIP_TO: self.default_ship_to,
            LocationRole.BILL_TO: self.default_bill_to,
        }[role]


@dataclass(frozen=True)
class AddressSnapshot:
    """A location frozen into a trade: later edits to the partner's location never change it."""

    location_id: uuid.UUID
    name: str
    line1: str
    city: str
    postal_code: str
    country: str
    state_code: str | None = None
    state: str | None = None
    line2: str | None = None
    gstin: str | None = None

    @classmethod
    def of(cls, location: LocationFacts) -> AddressSnapshot:
        return cls(
            location_id=location.id,
            name=location.name,
            line1=location.line1,
            city=location.city,
            postal_code=location.postal_code,
            country=location.country,
            state_code=location.state_code,
            state=location.state,
            line2=location.line2,
            gstin=location.gstin,
        )


def choose_location(
    role: LocationRole, locations: Sequence[LocationFacts], chosen_id: uuid.UUID | None = None
) -> AddressSnapshot:
    eligible = [location for location in locations if location.eligible_for(role)]
    field = f"{role.value}_location_id"
    if chosen_id is not None:
        picked = next((location for location in eligible if location.id == chosen_id), None)
        if picked is None:
            message = f"location {chosen_id} is not an eligible {role.value.replace('_', '-')} location of the party"
            raise InvalidTradingInput([FieldError(field, message)])
        return AddressSnapshot.of(picked)
    if len(eligible) == 1:
        return AddressSnapshot.of(eligible[0])
    defaults = [location for location in eligible if location.default_for(role)]
    if len(defaults) == 1:
        return AddressSnapshot.of(defaults[0])
    if not eligible:
        message = f"the party has no location that can serve as {role.value.replace('_', '-')}"
    else:
        listed = ", ".join(f"{location.id} ({location.name})" for location in eligible)
        message = f"choose the {role.value.replace('_', '-')} location: {listed}"
    raise InvalidTradingInput([FieldError(field, message)])
