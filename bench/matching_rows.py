"""The matching bench's rows: availabilities of the market's sellers (a realistic spread of states,
prices, qualities and statuses) and the buyer's requirement."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from matching_market import RealMarket

from backend.modules.trading.domain.geo import GeoPoint, Place
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.quality import QualityRange
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint
from backend.modules.trading.infrastructure import mapping
from backend.modules.trading.infrastructure.tables import availabilities

CANDY = Decimal("355.56")
STATUS_SPREAD = ["active"] * 85 + ["draft"] * 5 + ["sold"] * 4 + ["expired"] * 4 + ["cancelled"] * 2
COLUMNS = [c.name for c in availabilities.columns if c.computed is None]  # shadows are generated


def rows(count: int, market: RealMarket, rng: random.Random, now: datetime) -> list[tuple[Any, ...]]:
    """Lots of the market's sellers, shipped from their head office's state (jittered coordinates)."""
    out = []
    for _ in range(count):
        seller = rng.choice(market.sellers)
        state, lat, lon = seller.state_code, seller.latitude, seller.longitude
        status = rng.choice(STATUS_SPREAD)
        bales = rng.randint(10, 500)
        total = Decimal(bales * 170)
        sold = total if status == "sold" else Decimal(0)
        price = Decimal(rng.randrange(52000, 68000, 50))
        quality = {
            "staple_length": {"number": str(Decimal(rng.randint(260, 320)) / 10)},
            "micronaire": {"number": str(Decimal(rng.randint(35, 50)) / 10)},
            "strength": {"number": str(Decimal(rng.randint(26, 31)))},
        }
        expires = now + timedelta(days=rng.randint(1, 40)) if status != "expired" else now - timedelta(days=1)
        row = {
            "id": uuid.uuid4(),
            "tenant_id": market.tenant_id,
            "seller_partner_id": seller.partner_id,
            "commodity_id": market.commodity_id,
            "variety": "Shankar-6",
            "unit": "KG",
            "entered_quantity": Decimal(bales),
            "entered_unit": "BALE",
            "total": total,
            "available": total - sold,
            "reserved": Decimal(0),
            "sold": sold,
            "minimum_order": None,
            "partial_orders_allowed": True,
            "price": price,
            "currency": "INR",
            "price_unit": "CANDY",
            "price_factor": CANDY,
            "price_per_base": mapping.per_base_unit(UnitPrice(price, "INR", "CANDY", CANDY), up=False),
            "price_type": "negotiable",
            "quality": quality,
            "ship_from_location_id": seller.location_id,
            "ship_from_country": "IN",
            "ship_from_state": state,
            "ship_from_timezone": "Asia/Kolkata",
            "latitude": Decimal(str(round(lat + rng.uniform(-2, 2), 5))),
            "longitude": Decimal(str(round(lon + rng.uniform(-2, 2), 5))),
            "delivery_terms": "ex-gin",
            "available_from": now.date() - timedelta(days=5),
            "available_until": (expires - timedelta(days=1)).date(),
            "cut_off": None,
            "expires_at": expires,
            "visibility": "public",
            "listed_buyers": [],
            "country_of_origin": "IN",
            "fingerprint": uuid.uuid4().hex,
            "status": status,
            "status_reason": None,
            "created_at": now,
            "published_at": now,
            "updated_at": now,
            "version": 1,
            "branch_id": None,
        }
        out.append(tuple(row[c] for c in COLUMNS))
    return out


def requirement(market: RealMarket, now: datetime) -> Requirement:
    point = GeoPoint(market.buyer_latitude, market.buyer_longitude)
    place = Place(market.buyer_location_id, "IN", "24", "Asia/Kolkata", point)
    return Requirement(
        id=uuid.uuid4(),
        tenant_id=market.tenant_id,
        buyer_partner_id=market.buyer_id,
        commodity_id=market.commodity_id,
        variety=None,
        unit="KG",
        min_quantity=Decimal(8500),
        preferred_quantity=Decimal(17000),
        max_quantity=Decimal(34000),
        max_price=UnitPrice(Decimal(62000), "INR", "CANDY", CANDY),
        preferred_price=Decimal(59000),
        quality=(
            QualityRange("staple_length", Decimal(28), Decimal(31), Decimal("29.5")),
            QualityRange("micronaire", Decimal("3.8"), Decimal("4.8"), Decimal("4.2")),
        ),
        delivery_points=(DeliveryPoint(place, Decimal(250)),),
        allow_inter_state=False,
        origin_country=None,
        delivery_from=now.date(),
        delivery_until=now.date() + timedelta(days=30),
        payment_terms="30 days",
        delivery_terms="delivered",
        visibility=mapping.Visibility.PUBLIC,
        listed_sellers=frozenset(),
        urgency=mapping.Urgency.NORMAL,
        cut_off=None,
        expires_at=now + timedelta(days=31),
        fingerprint="bench",
        status=mapping.RequirementStatus.ACTIVE,
        published_at=now,
    )
