"""Builders for trading domain tests: cotton in Maharashtra and Gujarat unless told otherwise."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.availability_terms import AvailabilityTerms
from backend.modules.trading.domain.facts import CommodityFacts, PartyFacts
from backend.modules.trading.domain.geo import GeoPoint, Place
from backend.modules.trading.domain.locations import AddressSnapshot, LocationFacts
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.matching import Candidate, MatchResult
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.negotiation import AcceptedDeal, Negotiation, OfferTerms
from backend.modules.trading.domain.quality import ParameterKind, ParameterSpec, QualityRange
from backend.modules.trading.domain.quantities import Quantity, UnitTable
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint, RequirementTerms
from backend.modules.trading.domain.scoring import MatchScore
from backend.modules.trading.domain.trade import Trade

D = Decimal
NOW = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)  # 11:30 in India
TODAY = date(2026, 6, 15)
TENANT = uuid.UUID(int=1)
SELLER = uuid.UUID(int=11)
BUYER = uuid.UUID(int=12)
USER = uuid.UUID(int=99)
COTTON_ID = uuid.UUID(int=100)

UNITS = UnitTable("KG", (("BALE", D("170")), ("CANDY", D("355.6222")), ("QTL", D("100"))))
SPEC = (
    ParameterSpec("staple_length", ParameterKind.RANGE, D("20"), D("40"), mandatory=True, unit="mm"),
    ParameterSpec("micronaire", ParameterKind.NUMERIC, D("2.5"), D("6.0"), mandatory=True),
    ParameterSpec("trash", ParameterKind.NUMERIC, None, D("10"), unit="%"),
    ParameterSpec("grade", ParameterKind.ENUM, allowed_values=("A", "B", "C")),
)
COTTON = CommodityFacts(
    id=COTTON_ID,
    code="COTTON",
    units=UNITS,
    quality=SPEC,
    varieties=("Shankar-6", "MCU-5"),
    gst_rate=D("5"),
)
QUALITY = {"staple_length": D("29"), "micronaire": D("4.2"), "trash": D("3"), "grade": "A"}


def place(city: str = "Rajkot", location_id: int | None = None) -> Place:
    # (country, GST state code, latitude, longitude)
    known = {
        "Mumbai": ("IN", "27", "19.0760", "72.8777"),
        "Pune": ("IN", "27", "18.5204", "73.8567"),
        "Ahmedabad": ("IN", "24", "23.0225", "72.5714"),
        "Rajkot": ("IN", "24", "22.3039", "70.8022"),
        "Dhaka": ("BD", "13", "23.8103", "90.4125"),
    }
    country, state, lat, lon = known[city]
    zone = "Asia/Dhaka" if country == "BD" else "Asia/Kolkata"
    ident = uuid.UUID(int=location_id or 1000 + sorted(known).index(city))
    return Place(ident, country, state, zone, GeoPoint(D(lat), D(lon)))


def availability_terms(**overrides: Any) -> AvailabilityTerms:
    base = AvailabilityTerms(
        quantity=Quantity(D("100"), "BALE"),  # 17,000 KG
        price=D("60000"),
        price_unit="CANDY",
        currency="INR",
        ship_from=place("Rajkot"),
        delivery_terms="Ex-gin Rajkot",
        available_from=date(2026, 6, 15),
        available_until=date(2026, 6, 30),
        variety="Shankar-6",
        quality=dict(QUALITY),
    )
    return replace(base, **overrides)


def availability(publish: bool = True, *, seller: uuid.UUID = SELLER, **overrides: Any) -> Availability:
    posted = Availability.create(
        tenant_id=TENANT, seller_partner_id=seller, commodity=COTTON, terms=availability_terms(**overrides), now=NOW
    )
    if publish:
        posted.publish(NOW)
    posted.pull_events()
    return posted


def requirement_terms(**overrides: Any) -> RequirementTerms:
    base = RequirementTerms(
        quantity_unit="BALE",
        min_quantity=D("100"),
        preferred_quantity=D("200"),  # 34,000 KG
        max_quantity=D("300"),
        max_price=D("62000"),
        price_unit="CANDY",
        currency="INR",
        delivery_points=(DeliveryPoint(place("Ahmedabad"), D("300")),),
        delivery_from=date(2026, 6, 20),
        delivery_until=date(2026, 7, 31),
        payment_terms="30 days credit",
        delivery_terms="FOR Ahmedabad",
        preferred_price=D("60000"),
        variety="Shankar-6",
        quality=(
            QualityRange("staple_length", D("28"), D("30"), D("29")),
            QualityRange("micronaire", D("3.5"), D("4.9"), D("4.2")),
        ),
    )
    return replace(base, **overrides)


def requirement(publish: bool = True, *, buyer: uuid.UUID = BUYER, **overrides: Any) -> Requirement:
    posted = Requirement.create(
        tenant_id=TENANT, buyer_partner_id=buyer, commodity=COTTON, terms=requirement_terms(**overrides), now=NOW
    )
    if publish:
        posted.publish(NOW)
    posted.pull_events()
    return posted


def party(partner_id: uuid.UUID, **overrides: Any) -> PartyFacts:
    return replace(PartyFacts(partner_id), **overrides)


def candidate(posting: Availability, **overrides: Any) -> Candidate:
    return replace(Candidate(posting, party(posting.seller_partner_id)), **overrides)


def match(**overrides: Any) -> Match:
    score = MatchScore(D("0.9"), D("1"), D("1"), D("0.8"), D("1"), ("fine",))
    result = MatchResult(
        requirement_id=uuid.UUID(int=501),
        availability_id=uuid.UUID(int=502),
        seller_partner_id=SELLER,
        score=score,
        distance_km=D("200"),
        delivery_location_id=uuid.UUID(int=503),
        posted_at=NOW,
    )
    found = Match.found(tenant_id=TENANT, buyer_partner_id=BUYER, result=replace(result, **overrides), token="m-1")
    found.pull_events()
    return found


PRICE = UnitPrice(D("60000"), "INR", "CANDY", D("355.6222"))
OFFER_TERMS = OfferTerms("30 days credit", "FOR Ahmedabad", date(2026, 7, 1))


def negotiation(**overrides: Any) -> Negotiation:
    arguments: dict[str, Any] = {
        "match": match(),
        "by_partner_id": BUYER,
        "price_basis": PRICE,
        "unit": "KG",
        "now": NOW,
    }
    started = Negotiation.start(**{**arguments, **overrides})
    started.pull_events()
    return started


def address(city: str = "Ahmedabad", state_code: str | None = "24", country: str = "IN", n: int = 1) -> AddressSnapshot:
    return AddressSnapshot(uuid.UUID(int=2000 + n), f"{city} {n}", "Plot 1", city, "380001", country, state_code)


def location(n: int, **flags: Any) -> LocationFacts:
    return LocationFacts(uuid.UUID(int=3000 + n), f"Location {n}", "Plot 1", "Rajkot", "360001", "IN", "24", **flags)


def deal(quantity: str = "17000", price: str = "60000", **overrides: Any) -> AcceptedDeal:
    base = AcceptedDeal(
        negotiation_id=uuid.UUID(int=601),
        match_id=uuid.UUID(int=602),
        offer_id=uuid.UUID(int=603),
        requirement_id=uuid.UUID(int=604),
        availability_id=uuid.UUID(int=605),
        buyer_partner_id=BUYER,
        seller_partner_id=SELLER,
        price=PRICE.with_amount(D(price)),
        quantity=D(quantity),
        unit="KG",
        terms=OFFER_TERMS,
        accepted_at=NOW,
    )
    return replace(base, **overrides)


def trade(*, ship_to: AddressSnapshot | None = None, **overrides: Any) -> Trade:
    booked = Trade.book(
        tenant_id=TENANT,
        number="TR-2026-000001",
        deal=deal(**overrides),
        commodity_id=COTTON_ID,
        gst_rate=D("5"),
        ship_to=ship_to or address("Ahmedabad", "24", n=1),
        bill_to=address("Ahmedabad", "24", n=2),
        ship_from=address("Rajkot", "24", n=3),
        now=NOW,
    )
    booked.pull_events()
    return booked
