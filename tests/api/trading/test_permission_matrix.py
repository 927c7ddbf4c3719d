"""Missing permission on every trading endpoint: for each system role, every endpoint whose permission
the role lacks answers 403 problem+json naming that permission, before any resource is looked at
(so the ids may point nowhere and nothing leaks); an anonymous caller gets a 401."""

from __future__ import annotations

import uuid

import httpx
import pytest

from backend.app.bootstrap import Container
from tests.actors import Actor
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.partners.conftest import OpenClient
from tests.api.trading import endpoints as e


def _forbidden(response: httpx.Response, permission: str) -> None:
    assert assert_problem(response, 403, "forbidden")["permission"] == permission


@pytest.mark.parametrize("role", ["finance", "back_office", "risk_manager", "auditor", "partner_user"])
async def test_every_endpoint_a_role_lacks_the_permission_for_is_a_403_naming_it(
    container: Container, admin: Actor, open_client: OpenClient, role: str
) -> None:
    if role == "partner_user":
        actor = await h.external_user(container, admin, uuid.uuid4(), role)
    else:
        actor = await h.internal_user(container, admin, role)
    principal = await h.principal_of(container, actor)
    client = await open_client(actor)
    refused = [endpoint for endpoint in e.ENDPOINTS if not principal.can(endpoint.permission)]
    assert refused, f"{role} holds every trading permission"
    failures = e.Failures()
    for endpoint in refused:
        response = await client.request(endpoint.method, endpoint.url(), json=endpoint.body)
        failures.check(endpoint, _forbidden, response, endpoint.permission)
    assert not failures, "\n".join(failures)


async def test_approving_linked_parties_without_either_permission_is_a_403(
    container: Container, admin: Actor, open_client: OpenClient
) -> None:
    client = await open_client(await h.internal_user(container, admin, "finance"))
    accept = e.find("POST", "/accept")
    body = {**(accept.body or {}), "approve_linked_parties": True}
    _forbidden(await client.post(accept.url(), json=body), "trading.negotiate")


async def test_no_token_is_a_401_everywhere(anonymous: httpx.AsyncClient) -> None:
    failures = e.Failures()
    for endpoint in e.ENDPOINTS:
        response = await anonymous.request(endpoint.method, endpoint.url(), json=endpoint.body)
        failures.check(endpoint, assert_problem, response, 401)
    assert not failures, "\n".join(failures)
