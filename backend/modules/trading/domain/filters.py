"""Hard filters of matching: each names its rule and says why a pair cannot match.

Every filter is evaluated (not only the first that fails), so an explanation lists all reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from backend.core.decimal_math import plain_text
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.geo import distance_km
from backend.modules.trading.domain.postings import visible_to
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint
from backend.modules.trading.domain.scoring import MatchingConfig


@dataclass(frozen=True)
class FilterFailure:
    rule: str  # commodity, variety, requirement_open, availability_open, visibility, currency, price,
    # quantity, window, distance, inter_state, origin, capability, insider, risk, score
    reason: str


@dataclass(frozen=True)
class Delivery:
    """The nearest delivery location the availability can serve, and its distance."""

    point: DeliveryPoint
    distance_km: Decimal


def commodity_failures(requirement: Requirement, availability: Availability) -> list[FilterFailure]:
    if requirement.commodity_id != availability.commodity_id:
        return [FilterFailure("commodity", "a different commodity")]
    wanted = requirement.variety
    if wanted is not None and (availability.variety or "").casefold() != wanted.casefold():
        return [FilterFailure("variety", f"variety {availability.variety or 'unstated'}, wanted {wanted}")]
    return []


def open_failures(requirement: Requirement, availability: Availability, now: datetime) -> list[FilterFailure]:
    failures: list[FilterFailure] = []
    if not requirement.is_open(now):
        failures.append(FilterFailure("requirement_open", f"the requirement is {requirement.status} or expired"))
    if not availability.is_open(now):
        failures.append(FilterFailure("availability_open", f"the availability is {availability.status} or expired"))
    return failures


def visibility_failures(requirement: Requirement, availability: Availability) -> list[FilterFailure]:
    failures: list[FilterFailure] = []
    if not visible_to(availability.visibility, availability.listed_buyers, requirement.buyer_partner_id):
        failures.append(FilterFailure("visibility", f"the availability is {availability.visibility} to this buyer"))
    if not visible_to(requirement.visibility, requirement.listed_sellers, availability.seller_partner_id):
        failures.append(FilterFailure("visibility", f"the requirement is {requirement.visibility} to this seller"))
    return failures


def offered_price(requirement: Requirement, availability: Availability) -> Fraction:
    """The seller's price per the requirement's price unit, exactly."""
    return availability.price.in_unit_of(requirement.max_price)


def price_failures(requirement: Requirement, availability: Availability) -> list[FilterFailure]:
    wanted, offered = requirement.max_price, availability.price
    if wanted.currency != offered.currency:
        return [FilterFailure("currency", f"priced in {offered.currency}, wanted in {wanted.currency}")]
    if offered.per_base_unit > wanted.per_base_unit:
        shown = f"{plain_text(offered.amount)} {offered.currency}/{offered.unit}"
        limit = f"{plain_text(wanted.amount)} {wanted.currency}/{wanted.unit}"
        return [FilterFailure("price", f"price {shown} is above the maximum {limit}")]
    return []


def quantity_failures(
    requirement: Requirement, availability: Availability, config: MatchingConfig
) -> list[FilterFailure]:
    needed = requirement.preferred_quantity * config.min_share_of_preferred
    if availability.available < needed:
        share = plain_text(config.min_share_of_preferred * 100)
        return [
            FilterFailure(
                "quantity",
                f"{plain_text(availability.available)} {availability.unit} available, less than {share}% of the"
                f" preferred {plain_text(requirement.preferred_quantity)} {requirement.unit}",
            )
        ]
    return []


def window_failures(requirement: Requirement, availability: Availability) -> list[FilterFailure]:
    overlap = (
        availability.available_from <= requirement.delivery_until
        and requirement.delivery_from <= availability.available_until
    )
    if not overlap:
        return [
            FilterFailure(
                "window",
                f"available {availability.available_from}..{availability.available_until}, delivery wanted"
                f" {requirement.delivery_from}..{requirement.delivery_until}",
            )
        ]
    return []


def nearest_delivery(requirement: Requirement, availability: Availability) -> Delivery | FilterFailure:
    """The nearest delivery location within its maximum distance (and state, unless inter-state is allowed)."""
    origin = availability.ship_from
    if origin.point is None:
        return FilterFailure("distance", "the ship-from location has no coordinates")
    measured = [
        (distance_km(origin.point, point.place.point), index, point)
        for index, point in enumerate(requirement.delivery_points)
        if point.place.point is not None
    ]
    in_reach = [(km, index, point) for km, index, point in measured if km <= point.max_distance_km]
    eligible = [
        (km, index, point)
        for km, index, point in in_reach
        if requirement.allow_inter_state or point.place.same_state(origin)
    ]
    if eligible:
        km, _, point = min(eligible, key=lambda item: (item[0], item[1]))
        return Delivery(point, km)
    if in_reach:
        return FilterFailure(
            "inter_state",
            f"ships from state {origin.state_code or 'unknown'} of {origin.country}; the requirement does not"
            " allow inter-state delivery",
        )
    if not measured:
        return FilterFailure("distance", "no delivery location has coordinates")
    km, _, point = min(measured, key=lambda item: (item[0] - item[2].max_distance_km, item[1]))
    return FilterFailure(
        "distance",
        f"{plain_text(km)} km to the nearest delivery location, beyond its maximum"
        f" {plain_text(point.max_distance_km)} km",
    )


def origin_failures(requirement: Requirement, availability: Availability) -> list[FilterFailure]:
    wanted = requirement.origin_country
    if wanted is not None and availability.country_of_origin != wanted:
        return [FilterFailure("origin", f"origin {availability.country_of_origin}, wanted {wanted}")]
    return []


def capability_failures(buyer_capable: bool, seller_capable: bool) -> list[FilterFailure]:
    failures: list[FilterFailure] = []
    if not buyer_capable:
        failures.append(FilterFailure("capability", "the buyer may not buy this for the country concerned"))
    if not seller_capable:
        failures.append(FilterFailure("capability", "the seller may not sell this for the country concerned"))
    return failures


def _pans(party: PartyFacts) -> set[str]:
    # an Indian GSTIN carries its holder's PAN in characters 3 to 12
    pans = {gstin.strip().upper()[2:12] for gstin in party.gstins if len(gstin.strip()) == 15}
    return pans | ({party.pan.strip().upper()} if party.pan else set())


def insider_reason(buyer: PartyFacts, seller: PartyFacts) -> str | None:
    """Why buyer and seller are one economic party, or None: same partner, corporate group, master and
    branch entities (or two branches of one master), same PAN or GSTIN."""
    if buyer.partner_id == seller.partner_id:
        return "buyer and seller are the same partner"
    if buyer.corporate_group_id is not None and buyer.corporate_group_id == seller.corporate_group_id:
        return "buyer and seller belong to the same corporate group"
    masters = {
        buyer.master_partner_id or buyer.partner_id,
        seller.master_partner_id or seller.partner_id,
    }
    if len(masters) == 1:
        return "buyer and seller are entities of the same master"
    if {g.strip().upper() for g in buyer.gstins} & {g.strip().upper() for g in seller.gstins}:
        return "buyer and seller share a GSTIN"
    if _pans(buyer) & _pans(seller):
        return "buyer and seller share a PAN"
    return None


def insider_failures(buyer: PartyFacts, seller: PartyFacts) -> list[FilterFailure]:
    reason = insider_reason(buyer, seller)
    return [] if reason is None else [FilterFailure("insider", reason)]


def risk_failures(verdict: RiskVerdict) -> list[FilterFailure]:
    return [FilterFailure("risk", "the risk check failed")] if verdict is RiskVerdict.FAIL else []
