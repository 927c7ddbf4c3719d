"""Isolation: another tenant's partner is a 404 everywhere; a partner user sees only its own partner;
a branch-scoped user only its branches' partners."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from backend.app.bootstrap import Container
from tests.actors import Actor
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.partners import helpers as p
from tests.api.partners.conftest import OpenClient

REASON = {"reason": "Cheque bounced twice"}
EDITS = ("/locations", "/bank-accounts", "/contacts", "/documents")  # what a partner user may add to its own


@dataclass(frozen=True)
class Theirs:
    """Another tenant's approved partner, with a document and a pending amendment, and its admin's client."""

    owner: httpx.AsyncClient
    partner: dict[str, Any]
    document_id: str
    amendment_id: str


@pytest.fixture
async def theirs(container: Container, open_client: OpenClient) -> Theirs:
    admin = await h.new_tenant(container, "Other Traders")
    owner = await open_client(admin)
    checker = await open_client(await h.internal_user(container, admin, "back_office"))
    partner = await p.approved(owner, checker, p.partner(p.PAN_KA, p.GSTIN_KA, "29", legal_name="Their Traders"))
    document = await p.upload(owner, partner["id"], "pan_card")
    change = {"kind": "credit_limit_change", "amount": "100"}
    amendment = p.ok(await owner.post(f"{p.URL}/{partner['id']}/amendments", json=change), 201)
    partner = p.ok(await owner.get(f"{p.URL}/{partner['id']}"))  # as it stands after the upload
    return Theirs(owner, partner, document["id"], amendment["id"])


def by_id_requests(
    partner: dict[str, Any], document_id: str, amendment_id: str | None = None
) -> list[tuple[str, str, Any]]:
    """Every endpoint that names the partner, with a body it would accept (amendment decisions when
    ``amendment_id`` is given)."""
    url = f"{p.URL}/{partner['id']}"
    profile = {k: v for k, v in p.partner().items() if k != "head_office"}
    override = {"capabilities": ["domestic_buy"], "reason": "Verified offline by compliance"}
    requests = [
        ("GET", url, None),
        ("PUT", url, profile),
        ("POST", f"{url}/submit", None),
        ("POST", f"{url}/approve", None),
        ("POST", f"{url}/reject", REASON),
        ("POST", f"{url}/request-info", {"note": "Send the GST certificate"}),
        ("POST", f"{url}/suspend", REASON),
        ("POST", f"{url}/reactivate", None),
        ("POST", f"{url}/locations", p.branch_in_karnataka()),
        ("DELETE", f"{url}/locations/{partner['locations'][0]['id']}", None),
        ("POST", f"{url}/bank-accounts", p.bank()),
        ("POST", f"{url}/contacts", p.contact()),
        ("POST", f"{url}/documents", p.document("iec")),
        ("GET", f"{url}/documents/{document_id}", None),
        ("POST", f"{url}/documents/{document_id}/verify", None),
        ("POST", f"{url}/kyc/renew", None),
        ("GET", f"{url}/capabilities", None),
        ("PUT", f"{url}/capabilities/override", override),
        ("GET", f"{url}/amendments", None),
        ("POST", f"{url}/amendments", {"kind": "bank_change", "bank_account": p.bank()}),
    ]
    if amendment_id is not None:
        requests.append(("POST", f"{url}/amendments/{amendment_id}/approve", None))
        requests.append(("POST", f"{url}/amendments/{amendment_id}/reject", REASON))
    return requests


async def test_another_tenants_partner_is_not_found_on_every_endpoint(
    client: httpx.AsyncClient, theirs: Theirs
) -> None:
    for method, url, body in by_id_requests(theirs.partner, theirs.document_id, theirs.amendment_id):
        response = await client.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.text)
        assert_problem(response, 404, "partner-not-found")
    mine = await p.create(client)
    assert [x["id"] for x in p.ok(await client.get(p.URL))["items"]] == [mine["id"]]
    for query in ({"pan": p.PAN_KA}, {"gstin": p.GSTIN_KA}, {"name": "Their"}, {"status": "approved"}):
        assert p.ok(await client.get(p.URL, params=query))["items"] == [], query
    # their document and amendment under one of our partners are not found either
    mine_url = f"{p.URL}/{mine['id']}"
    assert_problem(await client.get(f"{mine_url}/documents/{theirs.document_id}"), 404, "partner-document-not-found")
    assert_problem(await client.post(f"{mine_url}/amendments/{theirs.amendment_id}/approve"), 404)
    # and nothing of theirs changed
    url = f"{p.URL}/{theirs.partner['id']}"
    after = p.ok(await theirs.owner.get(url))
    assert (after["status"], after["version"]) == ("approved", theirs.partner["version"])
    assert len(after["documents"]) == 1
    [amendment] = p.ok(await theirs.owner.get(f"{url}/amendments"))["items"]
    assert amendment["status"] == "pending"


async def test_their_own_staff_reach_it(container: Container, open_client: OpenClient) -> None:
    first = await open_client(await h.new_tenant(container, "First"))
    second = await open_client(await h.new_tenant(container, "Second"))
    a, b = await p.create(first), await p.create(second)
    assert p.ok(await first.get(f"{p.URL}/{a['id']}"))["id"] == a["id"]
    assert_problem(await first.get(f"{p.URL}/{b['id']}"), 404, "partner-not-found")
    assert_problem(await second.get(f"{p.URL}/{a['id']}"), 404, "partner-not-found")


async def partner_user(container: Container, partner: dict[str, Any], open_client: OpenClient) -> httpx.AsyncClient:
    """The approved partner's primary contact, made a user by identity when the relay delivers the
    approval, signed in with a one-time code sent to the mobile."""
    await container.relay.drain()
    [contact] = partner["contacts"]
    pair = await h.otp_sign_in_over_http(container, contact["mobile"])
    principal = await container.authenticate(pair.access_token)
    assert (principal.partner_id is not None, str(principal.partner_id)) == (True, partner["id"])
    actor = Actor(principal.user_id, principal.tenant_id, contact["mobile"], pair.access_token, pair.refresh_token)
    return await open_client(actor)


async def test_a_partner_user_sees_only_its_own_partner(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient, open_client: OpenClient
) -> None:
    own = await p.approved(client, back_office)
    other = await p.approved(client, back_office, p.partner(p.PAN_TN, p.GSTIN_TN, "33"))
    other_doc = await p.upload(client, other["id"], "pan_card")
    user = await partner_user(container, own, open_client)

    assert p.ok(await user.get(f"{p.URL}/{own['id']}"))["code"] == own["code"]
    assert [x["id"] for x in p.ok(await user.get(p.URL))["items"]] == [own["id"]]
    assert p.ok(await user.get(p.URL, params={"pan": p.PAN_TN}))["items"] == []
    for method, url, body in by_id_requests(other, other_doc["id"]):
        response = await user.request(method, url, json=body)
        # what partners.read and partners.update allow is hidden (404); anything else is forbidden to
        # partner users whoever's partner it is (403), which tells nothing about the partner either
        hidden = method in ("GET", "DELETE") or url.endswith(EDITS)
        assert_problem(response, 404 if hidden else 403, "partner-not-found" if hidden else "forbidden")

    # its own partner's papers it may read and add to, never decide on
    own_url = f"{p.URL}/{own['id']}"
    uploaded = await p.upload(user, own["id"], "gst_certificate")
    assert (await user.get(f"{own_url}/documents/{uploaded['id']}")).status_code == 200
    assert p.ok(await user.get(f"{own_url}/capabilities"))["partner_id"] == own["id"]
    assert p.ok(await user.get(f"{own_url}/amendments"))["items"] == []
    assert_problem(await user.post(f"{own_url}/documents/{uploaded['id']}/verify"), 403)
    assert_problem(await user.post(f"{own_url}/approve"), 403)
    assert_problem(await user.post(f"{own_url}/suspend", json=REASON), 403)
    profile = {k: v for k, v in p.partner().items() if k != "head_office"}
    assert_problem(await user.put(own_url, json=profile), 403)
    assert_problem(await user.post(p.URL, json=p.partner(p.new_pan())), 403)
    assert_problem(await user.get(f"{p.URL}/kyc/expiring"), 403)


async def test_a_branch_scoped_trader_reaches_its_branches_partners_only(
    container: Container, admin: Actor, client: httpx.AsyncClient, open_client: OpenClient
) -> None:
    pune, nagpur = await h.open_test_branch(container, admin), await h.open_test_branch(container, admin)
    theirs = await p.create(client, p.partner(branch_id=str(nagpur)))
    trader = await open_client(await h.internal_user(container, admin, "trader", branch_ids=[pune]))
    mine = await p.create(trader, p.partner(p.PAN_KA, p.GSTIN_KA, "29", branch_id=str(pune)))
    assert mine["branch_id"] == str(pune)
    assert [x["id"] for x in p.ok(await trader.get(p.URL))["items"]] == [mine["id"]]
    assert_problem(await trader.get(f"{p.URL}/{theirs['id']}"), 404, "partner-not-found")
    assert_problem(await trader.post(f"{p.URL}/{theirs['id']}/contacts", json=p.contact()), 404)
    elsewhere = p.partner(p.PAN_TN, p.GSTIN_TN, "33", branch_id=str(nagpur))
    body = assert_problem(await trader.post(p.URL, json=elsewhere), 422, "invalid-partner-input")
    assert error_fields(body) == {"branch_id"}
    nowhere = p.partner(p.PAN_TN, p.GSTIN_TN, "33")
    assert error_fields(assert_problem(await trader.post(p.URL, json=nowhere), 422)) == {"branch_id"}
    # the tenant admin sees both
    assert len(p.ok(await client.get(p.URL))["items"]) == 2
