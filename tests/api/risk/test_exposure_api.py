"""``GET /api/v1/risk/partners/{id}/exposure``: figures as decimal strings, the band, and who may see it."""

from __future__ import annotations

import uuid

import httpx

from tests.actors import api_client
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.risk.conftest import Desk
from tests.fakes.risk_events import trade_confirmed


def _url(partner: uuid.UUID) -> str:
    return f"/api/v1/risk/partners/{partner}/exposure"


async def test_exposure_counts_open_trades_with_gst(client: httpx.AsyncClient, desk: Desk) -> None:
    cotton = uuid.uuid4()
    await desk.deliver(
        trade_confirmed(desk.tenant, desk.buyer, desk.seller, cotton, amount="500000", gst="25000"),
        trade_confirmed(desk.tenant, desk.buyer, desk.seller, cotton, amount="100000", gst="5000"),
    )
    response = await client.get(_url(desk.buyer))
    assert response.status_code == 200, response.text
    assert response.json() == {
        "partner_id": str(desk.buyer),
        "currency": "INR",
        "limit": "1000000",
        "exposure": "630000",
        "available": "370000",
        "utilization": "63",
        "band": "yellow",
        "open_trades": 2,
        "other_currencies": [],
    }
    [crossing] = await desk.outbox("risk.utilization_band_crossed.v1")
    assert (crossing["partner_id"], crossing["old_band"], crossing["new_band"]) == (str(desk.buyer), "green", "yellow")


async def test_a_partner_without_a_limit_reads_as_no_credit(client: httpx.AsyncClient, desk: Desk) -> None:
    body = (await client.get(_url(desk.seller))).json()
    assert (body["limit"], body["exposure"], body["available"], body["utilization"], body["band"]) == (
        None,
        "0",
        "0",
        "0",
        "green",
    )


async def test_unknown_and_other_tenants_partners_are_404(client: httpx.AsyncClient, desk: Desk) -> None:
    assert_problem(await client.get(_url(uuid.uuid4())), 404, "risk-record-not-found")
    other = await h.new_tenant(desk.container, "Other Traders")
    async with api_client(desk.container, other) as outsider:
        assert_problem(await outsider.get(_url(desk.buyer)), 404, "risk-record-not-found")
    assert_problem(await client.get("/api/v1/risk/partners/not-a-uuid/exposure"), 422, "request-validation-failed")


async def test_a_partner_user_reads_its_own_partner_only(desk: Desk) -> None:
    user = await h.external_user(desk.container, desk.admin, desk.buyer, "partner_user")
    async with api_client(desk.container, user) as partner:
        assert (await partner.get(_url(desk.buyer))).status_code == 200
        problem = assert_problem(await partner.get(_url(desk.seller)), 404, "risk-record-not-found")
        assert "permission" not in problem
        assert (await partner.get(f"/api/v1/risk/partners/{desk.buyer}/credit-limit")).status_code == 200
        assert_problem(await partner.get(f"/api/v1/risk/partners/{desk.seller}/credit-limit"), 404)


async def test_reading_risk_needs_the_permission(desk: Desk) -> None:
    trader = await h.internal_user(desk.container, desk.admin, "trader")
    async with api_client(desk.container, trader) as c:
        problem = assert_problem(await c.get(_url(desk.buyer)), 403, "forbidden")
    assert problem["permission"] == "risk.read"
    back_office = await h.internal_user(desk.container, desk.admin, "back_office")
    async with api_client(desk.container, back_office) as c:
        assert (await c.get(_url(desk.buyer))).status_code == 200
    async with api_client(desk.container) as anonymous:
        assert_problem(await anonymous.get(_url(desk.buyer)), 401)


async def test_the_tenants_configured_bands_decide_the_band(client: httpx.AsyncClient, desk: Desk) -> None:
    await desk.deliver(trade_confirmed(desk.tenant, desk.buyer, desk.seller, uuid.uuid4(), amount="400000", gst="0"))
    assert (await client.get(_url(desk.buyer))).json()["band"] == "green"
    body = {"value": {"yellow_from": "30", "red_from": "40"}, "scope": "tenant"}
    configured = await client.put("/api/v1/config/risk.utilization_bands", json=body, headers={"If-Match": "*"})
    assert configured.status_code == 200, configured.text
    assert (await client.get(_url(desk.buyer))).json()["band"] == "red"
    refused = await client.put(
        "/api/v1/config/risk.utilization_bands",
        json={"value": {"yellow_from": 30}, "scope": "tenant"},
        headers={"If-Match": "*"},
    )
    assert refused.status_code == 422, refused.text  # a JSON number: decimals travel as strings
