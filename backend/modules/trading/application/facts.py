"""Snapshots of other contexts' data, fetched through their facades and turned into domain facts."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from backend.contracts.commodities.queries import CommodityFacade, CommodityRef
from backend.contracts.partners.queries import LocationRef, PartnerFacade, PartnerRef
from backend.core.errors import FieldError, NotFound
from backend.modules.trading.application.errors import MissingCapability
from backend.modules.trading.domain.errors import InvalidTradingInput
from backend.modules.trading.domain.facts import CommodityFacts, PartyFacts
from backend.modules.trading.domain.geo import GeoPoint, Place
from backend.modules.trading.domain.quality import ParameterKind, ParameterSpec
from backend.modules.trading.domain.quantities import UnitTable

# Mandi's markets keep one time zone per country until partner locations carry their own
COUNTRY_TIMEZONES = {"IN": "Asia/Kolkata", "BD": "Asia/Dhaka", "PK": "Asia/Karachi", "CN": "Asia/Shanghai"}
DEFAULT_TIMEZONE = "UTC"


def commodity_facts(ref: CommodityRef) -> CommodityFacts:
    return CommodityFacts(
        id=ref.id,
        code=ref.code,
        units=UnitTable(ref.base_unit, tuple((u.code, u.factor) for u in ref.units)),
        quality=tuple(
            ParameterSpec(p.name, ParameterKind(p.kind), p.min, p.max, p.allowed_values, p.mandatory, p.unit)
            for p in ref.quality_parameters
        ),
        varieties=ref.varieties,
        gst_rate=ref.gst_rate,
        active=ref.active,
    )


async def load_commodity(facade: CommodityFacade, commodity_id: uuid.UUID) -> CommodityFacts:
    """The commodity's facts; an unknown commodity is a 422 on ``commodity_id``, not a 404 of the posting."""
    try:
        return commodity_facts(await facade.get_commodity(commodity_id))
    except NotFound:
        raise InvalidTradingInput([FieldError("commodity_id", f"there is no commodity {commodity_id}")]) from None


async def load_partner(facade: PartnerFacade, partner_id: uuid.UUID, field: str) -> PartnerRef:
    try:
        return await facade.get_partner(partner_id)
    except NotFound:
        raise InvalidTradingInput([FieldError(field, f"there is no partner {partner_id}")]) from None


def party_facts(ref: PartnerRef) -> PartyFacts:
    return PartyFacts(
        partner_id=ref.id,
        corporate_group_id=ref.group_id,
        master_partner_id=ref.master_partner_id,
        pan=ref.pan,
        gstins=frozenset(ref.gstins),
        mobiles=frozenset(ref.mobiles),
        emails=frozenset(ref.emails),
    )


def local_year(moment: datetime, country: str) -> int:
    """The calendar year at ``moment`` where the clocks of ``country`` are (a trade booked at 00:30
    on 1 January in India is that year's, though it is still 31 December in UTC)."""
    return moment.astimezone(ZoneInfo(COUNTRY_TIMEZONES.get(country, DEFAULT_TIMEZONE))).year


def place_of(location: LocationRef) -> Place:
    point = (
        None
        if location.coordinates is None
        else GeoPoint(location.coordinates.latitude, location.coordinates.longitude)
    )
    timezone = COUNTRY_TIMEZONES.get(location.country, DEFAULT_TIMEZONE)
    return Place(location.id, location.country, location.state_code, timezone, point)


def partner_location(partner: PartnerRef, location_id: uuid.UUID, field: str, *, receiving: bool) -> Place:
    """The partner's location ``location_id`` as a place; 422 when it is not the partner's, or cannot
    ship (an availability) or receive (a requirement)."""
    found = next((loc for loc in partner.locations if loc.id == location_id), None)
    if found is None:
        raise InvalidTradingInput([FieldError(field, f"location {location_id} is not one of {partner.code}'s")])
    if receiving and not found.can_receive:
        raise InvalidTradingInput([FieldError(field, f"{found.name} does not receive goods")])
    if not receiving and not found.can_ship_from:
        raise InvalidTradingInput([FieldError(field, f"{found.name} does not ship goods")])
    return place_of(found)


async def ensure_capable(facade: PartnerFacade, partner_id: uuid.UUID, country: str, *, buying: bool) -> None:
    """The partner may buy (or sell) in ``country``: domestic_* at home, import/export abroad; else 403
    naming what is missing."""
    caps = await facade.capabilities(partner_id)
    if country == caps.home_country:
        needed = "domestic_buy" if buying else "domestic_sell"
    else:
        needed = "import" if buying else "export"
    if needed not in caps.capabilities:
        have = ", ".join(sorted(caps.capabilities)) or "none"
        raise MissingCapability(caps.code, caps.status, needed, "buy" if buying else "sell", country, have)
