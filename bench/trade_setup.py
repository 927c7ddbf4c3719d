"""Set-up for ``bench/trades.py``: a tenant, and per scenario a commodity, approved partners, published
availabilities and one matched requirement per negotiation, through the API in-process as the
tenant's admin (the partner approval through the use case by a second staff member: maker-checker).
"""

from __future__ import annotations

import contextlib
import secrets
import string
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from http_commodities import BenchError
from stdnum import luhn

from backend.app.bootstrap import Container
from backend.app.main import create_app
from backend.core.principal import Grant, Principal, UserKind
from backend.modules.identity.application.commands.create_tenant import CreateTenant, TenantAdmin, create_tenant
from backend.modules.identity.application.commands.login import Login, login
from backend.modules.identity.application.tokens import TokenPair
from backend.modules.identity.domain.tenant import TenantPolicyChanges
from backend.modules.partners.application.commands.approve_partner import ApprovePartner, approve_partner

PASSWORD = "Trade!Passw0rd#2026"
GSTIN_ALPHABET = string.digits + string.ascii_uppercase
AHMEDABAD = {"latitude": "23.0225", "longitude": "72.5714"}
RAJKOT = {"latitude": "22.3039", "longitude": "70.8022"}
QUALITY = {"staple_length": "29", "micronaire": "4.2", "strength": "29", "colour_grade": "white"}


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    if response.status_code != status:
        request = response.request
        raise BenchError(f"{request.method} {request.url.path}: {response.status_code} {response.text}")
    body: dict[str, Any] = response.json()
    return body


def new_pan() -> str:
    letters = string.ascii_uppercase
    first = "".join(secrets.choice(letters) for _ in range(3))
    return f"{first}F{secrets.choice(letters)}{secrets.randbelow(9000) + 1000}{secrets.choice(letters)}"


def gstin(pan: str, state_code: str) -> str:
    body = f"{state_code}{pan}1Z"
    return body + luhn.calc_check_digit(body, GSTIN_ALPHABET)


@dataclass(frozen=True)
class Town:
    """Where a bench partner's head office is: GST state code, city, state, PIN and coordinates."""

    state_code: str
    city: str
    state: str
    postal_code: str
    point: dict[str, str]


RAJKOT_TOWN = Town("24", "Rajkot", "Gujarat", "360001", RAJKOT)


def partner_body(point: dict[str, str], town: Town = RAJKOT_TOWN, turnover: str = "20000000") -> dict[str, Any]:
    pan = new_pan()
    number = gstin(pan, town.state_code)
    address = {
        "line1": "14 Cotton Exchange Road",
        "city": town.city,
        "state": town.state,
        "postal_code": town.postal_code,
    }
    return {
        "legal_name": f"Bench Traders {pan}",
        "country": "IN",
        "entity_class": "business_entity",
        "legal_form": "partnership",
        "trade_role": "both",
        "pan": pan,
        "tax_registrations": [{"kind": "gstin", "number": number, "country": "IN"}],
        "registration_date": "2015-04-01",
        "annual_turnover": turnover,
        "head_office": {
            "kind": "head_office",
            "name": "Head office",
            "address": {**address, "country": "IN"},
            "state_code": town.state_code,
            "gstin": number,
            "can_ship_from": True,
            "can_receive": True,
            "coordinates": point,
        },
    }


def commodity_body(code: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": "Raw cotton",
        "category": "fibre",
        "hsn_code": "5201",
        "gst_rate": "5",
        "base_unit": "KG",
        "units": [{"code": "BALE", "factor": "170"}, {"code": "CANDY", "factor": "355.56"}],
        "quality_parameters": [
            {"name": "staple_length", "unit": "mm", "kind": "range", "min": "20", "max": "38", "mandatory": True},
            {"name": "micronaire", "kind": "range", "min": "2.8", "max": "5.5", "mandatory": True},
            {"name": "strength", "unit": "g/tex", "kind": "numeric", "min": "24", "mandatory": True},
            {"name": "colour_grade", "kind": "enum", "allowed_values": ["white", "light_spotted"]},
        ],
        "varieties": [{"name": "Shankar-6"}],
    }


@dataclass(frozen=True)
class Market:
    """One scenario's negotiations to run: (match token, buyer partner id) each."""

    deals: list[tuple[str, uuid.UUID]]


@dataclass
class Setup:
    container: Container
    client: httpx.AsyncClient
    tenant_id: uuid.UUID
    checker: Principal

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, container: Container) -> AsyncIterator[Setup]:
        email = f"admin-{uuid.uuid4().hex[:8]}@bench.mandi.example"
        # the bench measures trading, not the tenant's request quota
        quota = TenantPolicyChanges(requests_per_minute=1_000_000, burst=100_000)
        command = CreateTenant("Bench Cotton", "IN", "INR", admin=TenantAdmin(email, PASSWORD), policies=quota)
        created = await create_tenant(command, container.auth)
        pair = await login(Login(email, PASSWORD), container.auth)
        if not isinstance(pair, TokenPair):
            raise BenchError("the bench admin could not sign in")
        tenant_id = created.tenant.id
        grants = {"partners.approve": (Grant(),)}
        checker = Principal(uuid.uuid4(), UserKind.INTERNAL, tenant_id, roles=frozenset({"back_office"}), grants=grants)
        transport = httpx.ASGITransport(app=create_app(container.settings, container))
        headers = {"Authorization": f"Bearer {pair.access_token}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://mandi.bench", headers=headers) as client:
            yield cls(container, client, tenant_id, checker)

    async def partner(
        self, point: dict[str, str], capability: str, town: Town = RAJKOT_TOWN, turnover: str = "20000000"
    ) -> tuple[str, str]:
        """An approved partner that may ``capability``: (partner id, its location id); its credit limit
        is the recommended share of ``turnover``."""
        c = self.client
        created = ok(await c.post("/api/v1/partners", json=partner_body(point, town, turnover)), 201)
        url = f"/api/v1/partners/{created['id']}"
        contact = {
            "full_name": "Asha Patil",
            "mobile": f"+9197{secrets.randbelow(10**8):08d}",
            "email": f"desk@{uuid.uuid4().hex[:8]}.example",
            "primary": True,
        }
        ok(await c.post(f"{url}/contacts", json=contact), 201)
        bank = {"holder_name": "Bench", "account_number": "50100012345678", "country": "IN", "ifsc": "HDFC0000001"}
        ok(await c.post(f"{url}/bank-accounts", json={**bank, "primary": True}), 201)
        ok(await c.post(f"{url}/submit"))
        await approve_partner(ApprovePartner(uuid.UUID(created["id"])), self.checker, self.container.partners)
        override = {"capabilities": [capability], "reason": "bench: documents checked on paper"}
        ok(await c.put(f"{url}/capabilities/override", json=override))
        return created["id"], created["locations"][0]["id"]

    async def market(self, scenario: str, negotiations: int, availabilities: int, bales: int) -> Market:
        c = self.client
        code = f"COTTON-{scenario.upper()[:5]}-{uuid.uuid4().hex[:4].upper()}"
        commodity = ok(await c.post("/api/v1/commodities", json=commodity_body(code)), 201)["id"]
        today = date.today()
        sellers = [await self.partner(AHMEDABAD, "domestic_sell") for _ in range(min(availabilities, 4))]
        for i in range(availabilities):
            seller, location = sellers[i % len(sellers)]
            body = {
                "seller_partner_id": seller,
                "commodity_id": commodity,
                "variety": "Shankar-6",
                "quantity": str(bales),
                "unit": "BALE",
                "price": str(60000 + 10 * i),
                "price_unit": "CANDY",
                "currency": "INR",
                "quality": QUALITY,
                "ship_from_location_id": location,
                "delivery_terms": "ex-gin, loaded on truck",
                "available_from": today.isoformat(),
                "available_until": (today + timedelta(days=30)).isoformat(),
            }
            created = ok(await c.post("/api/v1/availabilities", json=body), 201)
            ok(await c.post(f"/api/v1/availabilities/{created['id']}/publish"))
        buyers = [await self.partner(RAJKOT, "domestic_buy") for _ in range(negotiations)]
        await self.container.relay.drain()  # risk learns the partners' credit limits
        deals = []
        for i, (buyer, location) in enumerate(buyers):
            body = {
                "buyer_partner_id": buyer,
                "commodity_id": commodity,
                "quantity_unit": "BALE",
                "min_quantity": "10",
                "preferred_quantity": "20",
                "max_quantity": "40",
                "max_price": "62000",
                "preferred_price": "59000",
                "price_unit": "CANDY",
                "currency": "INR",
                "quality": [{"parameter": "staple_length", "min": "28", "max": "31", "preferred": "29"}],
                "delivery_points": [{"location_id": location, "max_distance_km": "400"}],
                "delivery_from": today.isoformat(),
                "delivery_until": (today + timedelta(days=20)).isoformat(),
                "payment_terms": "30 days from delivery",
                "delivery_terms": "delivered to the mill",
            }
            created = ok(await c.post("/api/v1/requirements", json=body), 201)
            ok(await c.post(f"/api/v1/requirements/{created['id']}/publish"))
            matches = ok(await c.post(f"/api/v1/requirements/{created['id']}/match"))["items"]
            if not matches:
                raise BenchError(f"requirement {created['id']} matched nothing")
            deals.append((matches[i % len(matches)]["token"], uuid.UUID(buyer)))
        return Market(deals)
