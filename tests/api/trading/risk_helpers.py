"""Parties that may both buy and sell, for the risk rules trading applies (circular trading, party
links), and the posting cancellation those tests share."""

from __future__ import annotations

import httpx

from backend.app.bootstrap import Container
from tests.api.helpers import cotton
from tests.api.partners import helpers as p
from tests.api.trading import helpers as t

BOTH = ["domestic_buy", "domestic_sell"]


async def two_sided_party(
    client: httpx.AsyncClient, checker: httpx.AsyncClient, point: dict[str, str], mobile: str | None = None
) -> t.Party:
    """An approved Gujarat partner that may buy and sell, with one contact (``mobile`` when given)."""
    pan = p.new_pan()
    number = p.gstin(pan, "24")
    head_office = p.location(state_code="24", number=number, coordinates=point)
    created = await p.create(client, p.partner(pan, number, "24", head_office=head_office))
    url = f"{p.URL}/{created['id']}"
    contact = p.contact(mobile=mobile) if mobile else p.contact()
    t.ok(await client.post(f"{url}/contacts", json=contact), 201)
    t.ok(await client.post(f"{url}/bank-accounts", json=p.bank()), 201)
    t.ok(await client.post(f"{url}/submit"))
    approved = t.ok(await checker.post(f"{url}/approve"))
    override = {"capabilities": BOTH, "reason": "documents checked on paper by the desk"}
    t.ok(await client.put(f"{url}/capabilities/override", json=override))
    return t.Party(approved["id"], approved["locations"][0]["id"])


async def two_sided_market(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container, mobile: str | None = None
) -> t.Market:
    """Cotton, a seller and a buyer (sharing the contact ``mobile`` when given); risk knows their limits."""
    commodity = t.ok(await client.post("/api/v1/commodities", json=cotton()), 201)
    seller = await two_sided_party(client, back_office, t.AHMEDABAD, mobile)
    buyer = await two_sided_party(client, back_office, t.RAJKOT, mobile)
    await container.relay.drain()
    return t.Market(commodity["id"], seller, buyer, seller)


async def cancel(client: httpx.AsyncClient, url: str, posting_id: str) -> None:
    t.ok(await client.post(f"{url}/{posting_id}/cancel", json={"reason": "closing the book"}))
