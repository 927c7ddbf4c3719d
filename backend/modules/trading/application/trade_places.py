"""A trade's places: the partners' locations as domain facts, chosen per role and frozen as snapshots.

Bill-to: a head office, branch or bill-to point; the head office is the default. Ship-from defaults
to the availability's own ship-from location (the seller chose it when posting).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.contracts.partners.queries import LocationRef, PartnerRef
from backend.core.errors import FieldError
from backend.modules.trading.domain.errors import attempt, check
from backend.modules.trading.domain.locations import AddressSnapshot, LocationFacts, LocationRole, choose_location

BILLING_KINDS = frozenset({"head_office", "branch", "bill_to"})


@dataclass(frozen=True)
class PlaceChoice:
    ship_to: uuid.UUID | None = None
    bill_to: uuid.UUID | None = None
    ship_from: uuid.UUID | None = None


@dataclass(frozen=True)
class TradePlaces:
    ship_to: AddressSnapshot
    bill_to: AddressSnapshot
    ship_from: AddressSnapshot


def location_facts(location: LocationRef) -> LocationFacts:
    address = location.address
    return LocationFacts(
        id=location.id,
        name=location.name,
        line1=address.line1,
        line2=address.line2,
        city=address.city,
        postal_code=address.postal_code,
        country=location.country,
        state_code=location.state_code,
        state=address.state,
        gstin=location.gstin,
        can_ship_from=location.can_ship_from,
        can_receive=location.can_receive,
        can_bill=location.kind in BILLING_KINDS,
        default_ship_from=location.default_ship_from,
        default_ship_to=location.default_ship_to,
        default_bill_to=location.kind == "head_office",
    )


def choose_places(
    buyer: PartnerRef, seller: PartnerRef, choice: PlaceChoice, posted_ship_from: uuid.UUID
) -> TradePlaces:
    """Every role chosen at once, so one 422 names every ambiguous or ineligible choice."""
    errors: list[FieldError] = []
    buying = [location_facts(location) for location in buyer.locations]
    selling = [location_facts(location) for location in seller.locations]
    ship_to = attempt(errors, lambda: choose_location(LocationRole.SHIP_TO, buying, choice.ship_to))
    bill_to = attempt(errors, lambda: choose_location(LocationRole.BILL_TO, buying, choice.bill_to))
    ship_from = attempt(
        errors, lambda: choose_location(LocationRole.SHIP_FROM, selling, choice.ship_from or posted_ship_from)
    )
    check(errors)
    assert ship_to is not None
    assert bill_to is not None
    assert ship_from is not None
    return TradePlaces(ship_to, bill_to, ship_from)
