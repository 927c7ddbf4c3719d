"""A trade's contract document through the API on real PostgreSQL: rendered from the commodity's
template to HTML and a repeatable PDF whose SHA-256 is stored; both parties sign that hash; a wrong
hash is a 409; an approved amendment supersedes the contract with a new version; isolation and bad input."""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

import httpx

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t


async def _trade(client: httpx.AsyncClient, m: t.Market) -> tuple[dict[str, Any], str]:
    await t.published(client, t.AVAILABILITIES, t.availability(m))
    trade = await d.booked(client, m)
    return trade, f"{d.TRADES}/{trade['id']}"


def _sign(sha256: str, acting_for: str | None, tier: str = "basic", **more: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"tier": tier, "document_sha256": sha256, "signer_name": "R. Patel", "confirm": True}
    if acting_for:
        body["acting_for_partner_id"] = acting_for
    return {**body, **more}


async def test_render_hash_and_both_parties_sign(client: httpx.AsyncClient, market: t.Market) -> None:
    m = market
    trade, url = await _trade(client, m)
    assert_problem(await client.get(f"{url}/contract"), 404)

    issued = await client.post(f"{url}/contract")
    contract = t.ok(issued, 201)
    assert (contract["contract_version"], contract["terms_version"], contract["status"]) == (1, 1, "draft")
    assert (contract["template"], contract["signatures"], contract["fully_signed"]) == ("cotton.html.j2", [], False)

    pdf = await client.get(f"{url}/contract.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    digest = hashlib.sha256(pdf.content)
    assert digest.hexdigest() == contract["sha256"]
    assert pdf.headers["repr-digest"] == f"sha-256=:{base64.b64encode(digest.digest()).decode()}:"
    html = await client.get(f"{url}/contract.html")
    assert html.headers["content-type"].startswith("text/html")
    assert trade["number"] in html.text
    assert "Terms for cotton" in html.text

    # rendering again gives the same bytes: nothing changes
    again = t.ok(await client.post(f"{url}/contract"))
    assert (again["id"], again["sha256"]) == (contract["id"], contract["sha256"])

    wrong = await client.post(f"{url}/contract/signatures", json=_sign("0" * 64, m.buyer.id))
    assert_problem(wrong, 409, "document-hash-mismatch")
    half = t.ok(await client.post(f"{url}/contract/signatures", json=_sign(contract["sha256"], m.buyer.id)), 201)
    assert (half["status"], half["fully_signed"]) == ("partially_signed", False)
    twice = await client.post(f"{url}/contract/signatures", json=_sign(contract["sha256"], m.buyer.id))
    assert_problem(twice, 409, "already-signed")
    body = _sign(contract["sha256"].upper(), m.seller.id, tier="e_sign")
    signed = t.ok(await client.post(f"{url}/contract/signatures", json=body), 201)
    assert (signed["status"], signed["fully_signed"]) == ("signed", True)
    by_side = {s["side"]: s for s in signed["signatures"]}
    assert (by_side["buyer"]["tier"], by_side["seller"]["tier"]) == ("basic", "e_sign")
    assert by_side["buyer"]["partner_id"] == m.buyer.id
    assert {s["document_sha256"] for s in signed["signatures"]} == {contract["sha256"]}
    assert {s["ip_address"] for s in signed["signatures"]} == {"127.0.0.1"}
    assert by_side["seller"]["evidence"].startswith("dev-esign:")
    assert t.ok(await client.get(f"{url}/contract"))["fully_signed"] is True
    # a signed contract stays as it was signed
    assert t.ok(await client.post(f"{url}/contract"))["sha256"] == contract["sha256"]
    assert hashlib.sha256((await client.get(f"{url}/contract.pdf")).content).hexdigest() == contract["sha256"]


async def test_an_approved_amendment_supersedes_the_signed_contract(
    client: httpx.AsyncClient, market: t.Market
) -> None:
    m = market
    _, url = await _trade(client, m)
    first = t.ok(await client.post(f"{url}/contract"), 201)
    t.ok(await client.post(f"{url}/contract/signatures", json=_sign(first["sha256"], m.buyer.id)), 201)
    t.ok(await client.post(f"{url}/contract/signatures", json=_sign(first["sha256"], m.seller.id)), 201)

    body = {"reason": "a better price", "price": "59000", "acting_for_partner_id": m.buyer.id}
    asked = t.ok(await client.post(f"{url}/amendments", json=body), 201)
    approve = {"acting_for_partner_id": m.seller.id}
    t.ok(await client.post(f"{url}/amendments/{asked['id']}/approve", json=approve))

    second = t.ok(await client.get(f"{url}/contract"))
    assert (second["contract_version"], second["terms_version"], second["status"]) == (2, 2, "draft")
    assert second["previous_versions"] == [first["id"]]
    assert second["sha256"] != first["sha256"]
    assert second["signatures"] == []
    pdf = (await client.get(f"{url}/contract.pdf")).content
    assert hashlib.sha256(pdf).hexdigest() == second["sha256"]
    assert "59000" in (await client.get(f"{url}/contract.html")).text
    # the old document's hash no longer signs anything
    stale = await client.post(f"{url}/contract/signatures", json=_sign(first["sha256"], m.buyer.id))
    assert_problem(stale, 409, "document-hash-mismatch")
    t.ok(await client.post(f"{url}/contract/signatures", json=_sign(second["sha256"], m.buyer.id, tier="dsc")), 201)


async def test_bad_input_is_a_422_problem(client: httpx.AsyncClient, market: t.Market) -> None:
    m = market
    _, url = await _trade(client, m)
    sha = t.ok(await client.post(f"{url}/contract"), 201)["sha256"]
    for body in (
        _sign(sha, m.buyer.id, tier="wet_ink"),
        _sign("abc", m.buyer.id),
        _sign(sha, m.buyer.id, confirm=False),
        _sign(sha, m.buyer.id, signer_name=""),
        _sign(sha, m.buyer.id, extra="x"),
        _sign(sha, None),  # staff must name the party
    ):
        assert_problem(await client.post(f"{url}/contract/signatures", json=body), 422)
    assert t.ok(await client.get(f"{url}/contract"))["signatures"] == []


async def test_only_the_parties_see_and_sign_the_contract(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    m = market
    _, url = await _trade(client, m)
    buyer_user = await h.external_user(container, admin, uuid.UUID(m.buyer.id), "partner_user")
    third_user = await h.external_user(container, admin, uuid.UUID(m.second_seller.id), "partner_user")
    async with api_client(container, buyer_user) as buyer, api_client(container, third_user) as third:
        assert_problem(await third.post(f"{url}/contract"), 404)
        contract = t.ok(await buyer.post(f"{url}/contract"), 201)
        for path in ("contract", "contract.pdf", "contract.html"):
            assert_problem(await third.get(f"{url}/{path}"), 404)
        assert_problem(await third.post(f"{url}/contract/signatures", json=_sign(contract["sha256"], None)), 404)
        signed = t.ok(await buyer.post(f"{url}/contract/signatures", json=_sign(contract["sha256"], None)), 201)
        assert [s["side"] for s in signed["signatures"]] == ["buyer"]

    stranger = await h.new_tenant(container, "Guntur Traders")
    async with api_client(container, stranger) as other:
        for path in ("contract", "contract.pdf", "contract.html"):
            assert_problem(await other.get(f"{url}/{path}"), 404)
        assert_problem(await other.post(f"{url}/contract"), 404)
        body = _sign(contract["sha256"], m.seller.id)
        assert_problem(await other.post(f"{url}/contract/signatures", json=body), 404)
