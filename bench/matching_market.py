"""Set-up for ``bench/matching.py``: a real tenant, cotton and approved partners, through the API
in-process (``trade_setup.Setup``), so matching can run with the real partners, commodities and risk
facades on the same rows it runs with stubs.

Sellers have their head office (their ship-from) in one of eight cotton states; the buyer is in
Rajkot. Risk learns every partner's credit limit from the drained outbox.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from trade_setup import RAJKOT_TOWN, Setup, Town, commodity_body, ok

# (town, latitude, longitude): Gujarat, Maharashtra, Telangana, Madhya Pradesh, Rajasthan, Haryana,
# Punjab, Karnataka
TOWNS = [
    Town("24", "Rajkot", "Gujarat", "360001", {"latitude": "22.30", "longitude": "70.80"}),
    Town("27", "Amravati", "Maharashtra", "444601", {"latitude": "20.93", "longitude": "77.75"}),
    Town("36", "Hyderabad", "Telangana", "500001", {"latitude": "17.38", "longitude": "78.48"}),
    Town("23", "Indore", "Madhya Pradesh", "452001", {"latitude": "22.72", "longitude": "75.86"}),
    Town("08", "Jaipur", "Rajasthan", "302001", {"latitude": "26.91", "longitude": "75.79"}),
    Town("06", "Hisar", "Haryana", "125001", {"latitude": "29.15", "longitude": "75.72"}),
    Town("03", "Bathinda", "Punjab", "151001", {"latitude": "30.21", "longitude": "74.95"}),
    Town("29", "Gadag", "Karnataka", "582101", {"latitude": "15.35", "longitude": "75.14"}),
]


@dataclass(frozen=True)
class Seller:
    partner_id: uuid.UUID
    location_id: uuid.UUID
    state_code: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class RealMarket:
    tenant_id: uuid.UUID
    commodity_id: uuid.UUID
    sellers: list[Seller]
    buyer_id: uuid.UUID
    buyer_location_id: uuid.UUID
    buyer_latitude: Decimal
    buyer_longitude: Decimal


async def real_market(setup: Setup, sellers_per_state: int) -> RealMarket:
    # the tenant's one cotton: its code picks the cotton weights and minimum score, as the stub's does
    commodity = ok(await setup.client.post("/api/v1/commodities", json=commodity_body("COTTON")), 201)["id"]
    sellers = []
    for town in TOWNS:
        for _ in range(sellers_per_state):
            partner_id, location_id = await setup.partner(town.point, "domestic_sell", town)
            lat, lon = float(town.point["latitude"]), float(town.point["longitude"])
            sellers.append(Seller(uuid.UUID(partner_id), uuid.UUID(location_id), town.state_code, lat, lon))
    # a mill whose credit (a share of 2,000 crore) keeps every lot's verdict a pass: the brute force,
    # which knows no risk, must then rank as the real facades do
    buyer_id, buyer_location = await setup.partner(RAJKOT_TOWN.point, "domestic_buy", turnover="20000000000")
    await setup.container.relay.drain()  # risk learns the partners' credit limits
    return RealMarket(
        setup.tenant_id,
        uuid.UUID(commodity),
        sellers,
        uuid.UUID(buyer_id),
        uuid.UUID(buyer_location),
        Decimal(RAJKOT_TOWN.point["latitude"]),
        Decimal(RAJKOT_TOWN.point["longitude"]),
    )
