"""A market for the trading API tests: cotton, an approved seller in Gujarat and an approved buyer
in Maharashtra (capabilities set by a recorded override), bodies for postings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from tests.api.helpers import cotton
from tests.api.partners import helpers as p

AVAILABILITIES = "/api/v1/availabilities"
REQUIREMENTS = "/api/v1/requirements"
AHMEDABAD = {"latitude": "23.0225", "longitude": "72.5714"}
RAJKOT = {"latitude": "22.3039", "longitude": "70.8022"}
MUMBAI = {"latitude": "19.0760", "longitude": "72.8777"}


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


@dataclass(frozen=True)
class Party:
    id: str
    location_id: str


@dataclass(frozen=True)
class Market:
    commodity_id: str
    seller: Party
    buyer: Party
    second_seller: Party


async def party(
    client: httpx.AsyncClient,
    checker: httpx.AsyncClient,
    state_code: str,
    point: dict[str, str],
    capabilities: list[str],
    branch_id: str | None = None,
) -> Party:
    pan = p.new_pan()
    number = p.gstin(pan, state_code)
    head_office = p.location(state_code=state_code, number=number, coordinates=point)
    body = p.partner(pan, number, state_code, head_office=head_office, branch_id=branch_id)
    partner = await p.approved(client, checker, body)
    override = {"capabilities": capabilities, "reason": "documents checked on paper by the desk"}
    ok(await client.put(f"{p.URL}/{partner['id']}/capabilities/override", json=override))
    return Party(partner["id"], partner["locations"][0]["id"])


async def market(client: httpx.AsyncClient, checker: httpx.AsyncClient) -> Market:
    commodity = ok(await client.post("/api/v1/commodities", json=cotton()), 201)
    seller = await party(client, checker, "24", AHMEDABAD, ["domestic_sell"])
    buyer = await party(client, checker, "24", RAJKOT, ["domestic_buy"])
    second = await party(client, checker, "24", AHMEDABAD, ["domestic_sell"])
    return Market(commodity["id"], seller, buyer, second)


QUALITY = {"staple_length": "29", "micronaire": "4.2", "strength": "29", "colour_grade": "white"}


def availability(m: Market, seller: Party | None = None, **overrides: Any) -> dict[str, Any]:
    seller = seller or m.seller
    today = date.today()
    body: dict[str, Any] = {
        "seller_partner_id": seller.id,
        "commodity_id": m.commodity_id,
        "variety": "Shankar-6",
        "quantity": "100",
        "unit": "BALE",
        "price": "60000",
        "price_unit": "CANDY",
        "currency": "INR",
        "quality": QUALITY,
        "ship_from_location_id": seller.location_id,
        "delivery_terms": "ex-gin, loaded on truck",
        "available_from": today.isoformat(),
        "available_until": (today + timedelta(days=30)).isoformat(),
    }
    return {**body, **overrides}


def requirement(m: Market, **overrides: Any) -> dict[str, Any]:
    today = date.today()
    body: dict[str, Any] = {
        "buyer_partner_id": m.buyer.id,
        "commodity_id": m.commodity_id,
        "quantity_unit": "BALE",
        "min_quantity": "50",
        "preferred_quantity": "100",
        "max_quantity": "200",
        "max_price": "62000",
        "preferred_price": "59000",
        "price_unit": "CANDY",
        "currency": "INR",
        "quality": [{"parameter": "staple_length", "min": "28", "max": "31", "preferred": "29"}],
        "delivery_points": [{"location_id": m.buyer.location_id, "max_distance_km": "400"}],
        "delivery_from": today.isoformat(),
        "delivery_until": (today + timedelta(days=20)).isoformat(),
        "payment_terms": "30 days from delivery",
        "delivery_terms": "delivered to the mill",
    }
    return {**body, **overrides}


async def published(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    created = ok(await client.post(url, json=body), 201)
    return ok(await client.post(f"{url}/{created['id']}/publish"))
