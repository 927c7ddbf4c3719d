"""Tenant policies through the API: quotas, data residency, and who may change them."""

from __future__ import annotations

import httpx

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, error_fields


async def _set(operator: Actor, container: Container, tenant_id: object, **changes: object) -> httpx.Response:
    async with api_client(container, operator) as ops:
        return await ops.patch(f"/api/v1/tenants/{tenant_id}", json=changes)


async def test_a_tenant_over_its_quota_gets_429_with_retry_after(
    container: Container, admin: Actor, operator: Actor, client: httpx.AsyncClient
) -> None:
    response = await _set(operator, container, admin.tenant_id, requests_per_minute=6, burst=2)
    assert response.status_code == 200, response.text
    assert (response.json()["requests_per_minute"], response.json()["burst"]) == (6, 2)
    statuses = [(await client.get("/api/v1/me")).status_code for _ in range(2)]
    assert statuses == [200, 200]
    limited = await client.get("/api/v1/me")
    body = assert_problem(limited, 429, "quota-exceeded")
    assert 1 <= int(limited.headers["retry-after"]) <= 10
    assert body["retry_after"] == int(limited.headers["retry-after"])


async def test_quotas_are_per_tenant(
    container: Container, admin: Actor, operator: Actor, client: httpx.AsyncClient
) -> None:
    await _set(operator, container, admin.tenant_id, requests_per_minute=1, burst=1)
    await client.get("/api/v1/me")
    assert (await client.get("/api/v1/me")).status_code == 429
    async with api_client(container, operator) as ops:  # the platform operator has no tenant quota
        assert (await ops.get("/api/v1/me")).status_code == 200


async def test_health_stays_reachable_for_a_tenant_out_of_quota(
    container: Container, admin: Actor, operator: Actor, client: httpx.AsyncClient
) -> None:
    await _set(operator, container, admin.tenant_id, requests_per_minute=1, burst=1)
    await client.get("/api/v1/me")
    assert (await client.get("/health/live")).status_code == 200


async def test_a_tenant_of_another_region_is_sent_away_with_421(
    container: Container, admin: Actor, operator: Actor, client: httpx.AsyncClient
) -> None:
    response = await _set(operator, container, admin.tenant_id, region="eu")
    assert response.json()["region"] == "eu"
    body = assert_problem(await client.get("/api/v1/me"), 421, "wrong-region")
    assert body["region"] == "eu"
    assert "region eu" in body["detail"]


async def test_policy_input_errors_name_the_field(container: Container, admin: Actor, operator: Actor) -> None:
    bad = await _set(operator, container, admin.tenant_id, region="Europe", locale="english", time_zone="Mars/Base")
    assert error_fields(assert_problem(bad, 422, "invalid-input")) == {"region", "locale", "time_zone"}
    assert_problem(await _set(operator, container, admin.tenant_id, requests_per_minute=0), 422)


async def test_only_the_platform_operator_changes_policies(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.patch(f"/api/v1/tenants/{admin.tenant_id}", json={"requests_per_minute": 100000})
    assert_problem(response, 403, "forbidden")
