"""Tenant and partner isolation and permissions on every risk endpoint: another tenant's user gets a
404 for each partner's records (positions: an empty page) and writes nothing; a partner user reads its
own partner's records only; each role lacking a permission gets a 403 naming it, before any record is
looked at; no token is a 401."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.risk import endpoints as r
from tests.api.risk.conftest import Desk
from tests.api.trading import endpoints as e
from tests.api.trading import world


async def _pending_change(client: httpx.AsyncClient, desk: Desk) -> str:
    response = await client.post(r.CHANGES.format(partner_id=desk.buyer), json={"new_amount": "5", "reason": "x"})
    assert response.status_code == 201, response.text
    change_id: str = response.json()["id"]
    return change_id


def _no_positions(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text
    assert response.json() == {"items": [], "next_cursor": None}


async def test_another_tenants_user_gets_a_404_from_every_risk_endpoint_and_changes_nothing(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    ids = {"partner_id": desk.buyer, "change_id": await _pending_change(client, desk)}
    before = await world.snapshot(desk.container, desk.tenant, r.RISK_TABLES)
    stranger = await h.new_tenant(desk.container, "Other Traders")
    failures = e.Failures()
    async with api_client(desk.container, stranger) as other:
        for endpoint in r.ENDPOINTS:
            response = await other.request(endpoint.method, endpoint.url(**ids), json=endpoint.body)
            if endpoint.params:
                failures.check(endpoint, assert_problem, response, 404, "risk-record-not-found")
            else:
                failures.check(endpoint, _no_positions, response)
    assert not failures, "\n".join(failures)
    assert world.changed(before, await world.snapshot(desk.container, desk.tenant, r.RISK_TABLES)) == []


async def test_a_partner_user_reads_its_own_partners_records_only(desk: Desk) -> None:
    reads = [x for x in r.BY_PARTNER if x.method == "GET"]
    own = await h.external_user(desk.container, desk.admin, desk.buyer, "partner_user")
    third = await h.external_user(desk.container, desk.admin, uuid.uuid4(), "partner_user")
    failures = e.Failures()
    async with api_client(desk.container, own) as buyer, api_client(desk.container, third) as outsider:
        for endpoint in reads:
            failures.check(f"own {endpoint}", _ok, await buyer.get(endpoint.url(partner_id=desk.buyer)))
            for partner in (desk.buyer, desk.seller):
                response = await outsider.get(endpoint.url(partner_id=partner))
                failures.check(f"third {endpoint}", assert_problem, response, 404, "risk-record-not-found")
            response = await buyer.get(endpoint.url(partner_id=desk.seller))
            failures.check(f"other {endpoint}", assert_problem, response, 404, "risk-record-not-found")
    assert not failures, "\n".join(failures)


def _ok(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text


def _forbidden(response: httpx.Response, permission: str) -> None:
    assert assert_problem(response, 403, "forbidden")["permission"] == permission


@pytest.mark.parametrize("role", ["finance", "trader", "back_office", "auditor", "partner_user"])
async def test_every_endpoint_a_role_lacks_the_permission_for_is_a_403_naming_it(desk: Desk, role: str) -> None:
    actor: Actor
    if role == "partner_user":
        actor = await h.external_user(desk.container, desk.admin, desk.buyer, role)
    else:
        actor = await h.internal_user(desk.container, desk.admin, role)
    principal = await h.principal_of(desk.container, actor)
    refused = [endpoint for endpoint in r.ENDPOINTS if not principal.can(endpoint.permission)]
    assert refused, f"{role} holds every risk permission"
    ids: dict[str, Any] = {"partner_id": desk.buyer}
    failures = e.Failures()
    async with api_client(desk.container, actor) as client:
        for endpoint in refused:
            response = await client.request(endpoint.method, endpoint.url(**ids), json=endpoint.body)
            failures.check(endpoint, _forbidden, response, endpoint.permission)
    assert not failures, "\n".join(failures)


async def test_no_token_is_a_401_everywhere(anonymous: httpx.AsyncClient) -> None:
    failures = e.Failures()
    for endpoint in r.ENDPOINTS:
        response = await anonymous.request(endpoint.method, endpoint.url(), json=endpoint.body)
        failures.check(endpoint, assert_problem, response, 401)
    assert not failures, "\n".join(failures)
