"""``GET /api/v1/finance/receivables`` and ``/receivables/{trade_id}``: figures as decimal strings,
pages newest first, filters, and who may see which receivable."""

from __future__ import annotations

import uuid

import httpx

from tests.actors import api_client
from tests.api.finance.conftest import Ledger, pay
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h

LIST = "/api/v1/finance/receivables"


def _url(trade_id: uuid.UUID) -> str:
    return f"{LIST}/{trade_id}"


async def test_a_receivable_reads_with_its_payments(client: httpx.AsyncClient, ledger: Ledger) -> None:
    confirmed = await ledger.trade(amount="100000.50", gst="5000.02")
    recorded = await pay(client, confirmed.trade_id, "5000.52")
    response = await client.get(_url(confirmed.trade_id))
    assert response.status_code == 200, response.text
    body = response.json()
    assert response.headers["etag"] == f'"{body["version"]}"'
    assert {k: body[k] for k in ("trade_id", "trade_number", "payer_partner_id", "seller_partner_id")} == {
        "trade_id": str(confirmed.trade_id),
        "trade_number": confirmed.trade_number,
        "payer_partner_id": str(ledger.buyer),
        "seller_partner_id": str(ledger.seller),
    }
    figures = ("invoice_amount", "received", "reversed", "paid", "outstanding", "credit", "status", "currency")
    assert [body[k] for k in figures] == ["105000.52", "5000.52", "0", "5000.52", "100000", "0", "open", "INR"]
    assert [p["id"] for p in body["payments"]] == [recorded["payment"]["id"]]
    assert body["payments"][0]["received_on"] == recorded["payment"]["received_on"]


async def test_the_list_pages_newest_first_and_filters(client: httpx.AsyncClient, ledger: Ledger) -> None:
    trades = [await ledger.trade(amount="100", gst="0") for _ in range(3)]
    await pay(client, trades[0].trade_id, "100")
    other_payer = uuid.uuid4()
    theirs = await ledger.trade(amount="100", gst="0", buyer_partner_id=other_payer)
    first = (await client.get(LIST, params={"limit": 2})).json()
    assert [r["trade_id"] for r in first["items"]] == [str(theirs.trade_id), str(trades[2].trade_id)]
    assert "payments" not in first["items"][0]
    rest = (await client.get(LIST, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [r["trade_id"] for r in rest["items"]] == [str(trades[1].trade_id), str(trades[0].trade_id)]
    assert rest["next_cursor"] is None
    settled = (await client.get(LIST, params={"status": "settled"})).json()
    assert [r["trade_id"] for r in settled["items"]] == [str(trades[0].trade_id)]
    payer = (await client.get(LIST, params={"payer_partner_id": str(other_payer)})).json()
    assert [r["trade_id"] for r in payer["items"]] == [str(theirs.trade_id)]

    for params, field in (
        ({"status": "paid"}, "query.status"),
        ({"limit": 0}, "query.limit"),
        ({"payer_partner_id": "nobody"}, "query.payer_partner_id"),
        ({"cursor": "not-ours"}, "query.cursor"),
    ):
        problem = assert_problem(await client.get(LIST, params=params), 422)
        assert field in {e["field"] for e in problem["errors"]}, problem


async def test_unknown_and_other_tenants_receivables_are_404(client: httpx.AsyncClient, ledger: Ledger) -> None:
    confirmed = await ledger.trade()
    assert_problem(await client.get(_url(uuid.uuid4())), 404, "receivable-not-found")
    assert_problem(await client.get(f"{LIST}/not-a-uuid"), 422, "request-validation-failed")
    other = await h.new_tenant(ledger.container, "Other Traders")
    async with api_client(ledger.container, other) as outsider:
        assert_problem(await outsider.get(_url(confirmed.trade_id)), 404, "receivable-not-found")
        assert (await outsider.get(LIST)).json() == {"items": [], "next_cursor": None}


async def test_reading_needs_the_permission_and_partner_users_get_none(ledger: Ledger) -> None:
    confirmed = await ledger.trade()
    container, admin = ledger.container, ledger.admin
    trader = await h.internal_user(container, admin, "trader")
    async with api_client(container, trader) as c:
        problem = assert_problem(await c.get(_url(confirmed.trade_id)), 403, "forbidden")
        assert problem["permission"] == "finance.read"
        assert_problem(await c.get(LIST), 403)
    for role in ("finance", "back_office", "risk_manager", "compliance_officer", "auditor"):
        reader = await h.internal_user(container, admin, role)
        async with api_client(container, reader) as c:
            assert (await c.get(_url(confirmed.trade_id))).status_code == 200, role
    partner = await h.external_user(container, admin, ledger.buyer, "partner_user")
    async with api_client(container, partner) as c:
        assert_problem(await c.get(_url(confirmed.trade_id)), 403)
        assert_problem(await c.get(LIST), 403)


async def test_a_branch_scoped_reader_sees_its_branches_only(ledger: Ledger) -> None:
    container, admin = ledger.container, ledger.admin
    north, south = await h.open_test_branch(container, admin), await h.open_test_branch(container, admin)
    in_north = await ledger.trade(branch_id=north)
    in_south = await ledger.trade(branch_id=south)
    at_tenant_level = await ledger.trade()
    northern = await h.internal_user(container, admin, "finance", branch_ids=[north])
    async with api_client(container, northern) as c:
        listed = (await c.get(LIST)).json()
        assert [r["trade_id"] for r in listed["items"]] == [str(in_north.trade_id)]
        assert (await c.get(_url(in_north.trade_id))).status_code == 200
        for hidden in (in_south, at_tenant_level):
            assert_problem(await c.get(_url(hidden.trade_id)), 404, "receivable-not-found")
