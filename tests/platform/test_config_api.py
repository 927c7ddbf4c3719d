"""``/api/v1/config`` over HTTP: every endpoint, every error, scopes and tenant isolation."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h

URL = "/api/v1/config"
MESSAGE = "platform.maintenance_message"
TRADING = "feature.trading"


async def _put(client: httpx.AsyncClient, key: str, body: dict[str, Any], version: str | None = "*") -> httpx.Response:
    headers = {} if version is None else {"If-Match": version}
    return await client.put(f"{URL}/{key}", json=body, headers=headers)


@pytest.fixture
async def ops(container: Container, operator: Actor) -> Any:
    async with api_client(container, operator) as client:
        yield client


async def test_list_shows_every_key_with_its_effective_value(client: httpx.AsyncClient) -> None:
    response = await client.get(URL)
    assert response.status_code == 200, response.text
    items = {item["key"]: item for item in response.json()["items"]}
    assert items[MESSAGE] == {
        "key": MESSAGE,
        "description": items[MESSAGE]["description"],
        "flag": False,
        "value": None,
        "source": "default",
        "enabled": None,
    }
    assert items[TRADING]["flag"] is True
    assert items[TRADING]["enabled"] is False


async def test_get_shows_declaration_value_and_version(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{URL}/{MESSAGE}")
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"0"'
    body = response.json()
    assert body["value"] is None
    assert body["source"] == "default"
    assert body["scope"] == "tenant"
    assert body["version"] == 0
    assert body["scopes"] == ["platform", "tenant", "branch"]
    assert body["json_schema"] == {"type": ["string", "null"], "maxLength": 500}
    assert body["values"] == []


async def test_a_tenant_admin_sets_and_clears_its_tenant_value(client: httpx.AsyncClient, admin: Actor) -> None:
    created = await _put(client, MESSAGE, {"value": "closing early today", "scope": "tenant"}, '"0"')
    assert created.status_code == 200, created.text
    assert created.headers["etag"] == '"1"'
    assert created.json()["source"] == "tenant"
    assert created.json()["values"] == [
        {
            "scope": "tenant",
            "tenant_id": str(admin.tenant_id),
            "branch_id": None,
            "value": "closing early today",
            "version": 1,
        }
    ]
    changed = await _put(client, MESSAGE, {"value": "open as usual", "scope": "tenant"}, '"1"')
    assert changed.headers["etag"] == '"2"'
    read = await client.get(f"{URL}/{MESSAGE}")
    assert (read.json()["value"], read.headers["etag"]) == ("open as usual", '"2"')
    cleared = await client.delete(f"{URL}/{MESSAGE}", params={"scope": "tenant"}, headers={"If-Match": '"2"'})
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["source"], cleared.json()["version"], cleared.headers["etag"]) == ("default", 0, '"0"')


async def test_the_writing_process_reads_its_own_write_at_once(
    client: httpx.AsyncClient, container: Container, admin: Actor
) -> None:
    assert await container.config.value(MESSAGE, tenant_id=admin.tenant_id) is None
    await _put(client, MESSAGE, {"value": "now", "scope": "tenant"})
    assert await container.config.value(MESSAGE, tenant_id=admin.tenant_id) == "now"


async def test_platform_values_reach_every_tenant_and_tenant_values_only_their_own(
    container: Container, ops: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    assert (await _put(ops, MESSAGE, {"value": "maintenance at 22:00", "scope": "platform"})).status_code == 200
    await _put(client, MESSAGE, {"value": "ours", "scope": "tenant"})
    other = await h.new_tenant(container, "Other")
    async with api_client(container, other) as other_client:
        seen = (await other_client.get(f"{URL}/{MESSAGE}")).json()
        history = (await other_client.get(f"{URL}/{MESSAGE}/history")).json()["items"]
    assert (seen["value"], seen["source"]) == ("maintenance at 22:00", "platform")
    assert [v["scope"] for v in seen["values"]] == ["platform"]
    assert history == []  # neither the platform's changes nor the first tenant's
    mine = (await client.get(f"{URL}/{MESSAGE}", params={"scope": "platform"})).json()
    assert (mine["value"], mine["source"], mine["scope"], mine["version"]) == ("ours", "tenant", "platform", 1)


async def test_an_operator_reads_and_writes_any_tenant(ops: httpx.AsyncClient, admin: Actor) -> None:
    body = {"value": "set by the platform", "scope": "tenant", "tenant_id": str(admin.tenant_id)}
    assert (await _put(ops, MESSAGE, body)).status_code == 200
    read = await ops.get(f"{URL}/{MESSAGE}", params={"tenant_id": str(admin.tenant_id)})
    assert (read.json()["value"], read.json()["source"]) == ("set by the platform", "tenant")
    own = await ops.get(f"{URL}/{MESSAGE}")
    assert (own.json()["value"], own.json()["scope"]) == (None, "platform")


async def test_branch_values_apply_to_their_branch_only(
    container: Container, client: httpx.AsyncClient, admin: Actor
) -> None:
    branch, other_branch = await h.open_test_branch(container, admin), await h.open_test_branch(container, admin)
    await _put(client, MESSAGE, {"value": "tenant", "scope": "tenant"})
    put = await _put(client, MESSAGE, {"value": "branch", "scope": "branch", "branch_id": str(branch)}, '"0"')
    assert put.status_code == 200, put.text
    at_branch = await client.get(f"{URL}/{MESSAGE}", params={"branch_id": str(branch)})
    assert (at_branch.json()["value"], at_branch.json()["scope"], at_branch.headers["etag"]) == (
        "branch",
        "branch",
        '"1"',
    )
    assert [v["scope"] for v in at_branch.json()["values"]] == ["tenant", "branch"]
    elsewhere = await client.get(f"{URL}/{MESSAGE}", params={"branch_id": str(other_branch)})
    assert elsewhere.json()["value"] == "tenant"
    listed = await client.get(URL, params={"branch_id": str(branch)})
    assert next(i for i in listed.json()["items"] if i["key"] == MESSAGE)["source"] == "branch"


async def test_history_names_who_changed_what(client: httpx.AsyncClient, admin: Actor) -> None:
    await _put(client, MESSAGE, {"value": "a", "scope": "tenant"})
    await _put(client, MESSAGE, {"value": "b", "scope": "tenant"})
    response = await client.get(f"{URL}/{MESSAGE}/history", params={"limit": 10})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(i["old_value"], i["new_value"], i["new_version"]) for i in items] == [("a", "b", 2), (None, "a", 1)]
    assert {i["actor"] for i in items} == {str(admin.user_id)}


async def test_flags_report_whether_the_reader_has_the_feature(ops: httpx.AsyncClient, admin: Actor) -> None:
    rule = {"enabled": True, "allow_tenants": [str(admin.tenant_id)], "percentage": 0}
    assert (await _put(ops, TRADING, {"value": rule, "scope": "platform"})).status_code == 200
    seen = await ops.get(f"{URL}/{TRADING}", params={"tenant_id": str(admin.tenant_id)})
    assert seen.json()["enabled"] is True
    elsewhere = await ops.get(f"{URL}/{TRADING}", params={"tenant_id": str(uuid.uuid4())})
    assert elsewhere.json()["enabled"] is False


async def test_a_change_is_published_with_its_envelope(
    client: httpx.AsyncClient, container: Container, admin: Actor
) -> None:

    await _put(client, MESSAGE, {"value": "published", "scope": "tenant"})
    async with container.session_factory() as session:
        await session.execute(text("SELECT set_config('mandi.platform', 'on', true)"))
        row = (
            await session.execute(
                text(
                    "SELECT payload, tenant_id, actor_id FROM platform.outbox"
                    " WHERE wire_name = :w ORDER BY seq DESC LIMIT 1"
                ),
                {"w": "platform.config_changed.v1"},
            )
        ).one()
    assert row.payload["value"] == "published"
    assert (row.tenant_id, row.actor_id) == (str(admin.tenant_id), str(admin.user_id))


# --- errors -----------------------------------------------------------------------------------------


async def test_unknown_keys_are_404(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get(f"{URL}/nobody.declared"), 404, "unknown-config-key")
    assert_problem(await _put(client, "nobody.declared", {"value": 1, "scope": "tenant"}), 404, "unknown-config-key")
    assert_problem(await client.get(f"{URL}/nobody.declared/history"), 404, "unknown-config-key")


async def test_a_value_breaking_the_schema_is_422_naming_the_key(client: httpx.AsyncClient) -> None:
    body = assert_problem(await _put(client, MESSAGE, {"value": 42, "scope": "tenant"}), 422, "invalid-config-value")
    assert body["key"] == MESSAGE
    assert body["detail"].startswith(f"{MESSAGE}: value: 42 is not of type")
    assert error_fields(body) == {"value"}
    long = assert_problem(await _put(client, MESSAGE, {"value": "x" * 501, "scope": "tenant"}), 422)
    assert "is too long" in long["detail"]


async def test_a_flag_rule_breaking_its_schema_is_422(ops: httpx.AsyncClient) -> None:
    bad = {"enabled": True, "percentage": 150, "allow_tenants": ["not-a-uuid"]}
    body = assert_problem(await _put(ops, TRADING, {"value": bad, "scope": "platform"}), 422, "invalid-config-value")
    assert error_fields(body) == {"value.percentage", "value.allow_tenants.0"}


async def test_a_key_cannot_be_set_at_a_scope_it_does_not_allow(ops: httpx.AsyncClient, admin: Actor) -> None:
    body = {"value": {"enabled": True}, "scope": "tenant", "tenant_id": str(admin.tenant_id)}
    problem = assert_problem(await _put(ops, TRADING, body), 422, "invalid-config-scope")
    assert "can be set at platform scope, not at tenant scope" in problem["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"value": "x", "scope": "branch"},  # no branch
        {"value": "x", "scope": "tenant", "branch_id": str(uuid.uuid4())},  # a branch on a tenant value
    ],
)
async def test_a_scope_without_its_ids_is_422(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    assert_problem(await _put(client, MESSAGE, body), 422, "invalid-config-scope")


async def test_an_operator_must_name_the_tenant(ops: httpx.AsyncClient) -> None:
    assert_problem(await _put(ops, MESSAGE, {"value": "x", "scope": "tenant"}), 422, "invalid-config-scope")
    problem = assert_problem(await ops.get(f"{URL}/{MESSAGE}", params={"branch_id": str(uuid.uuid4())}), 422)
    assert error_fields(problem) == {"branch_id"}


@pytest.mark.parametrize(
    "body",
    [{"scope": "tenant"}, {"value": 1, "scope": "region"}, {"value": 1, "scope": "tenant", "extra": True}],
    ids=["no-value", "bad-scope", "unknown-field"],
)
async def test_a_malformed_body_is_422(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    assert_problem(await _put(client, MESSAGE, body), 422, "request-validation-failed")


async def test_changes_need_if_match(client: httpx.AsyncClient) -> None:
    assert_problem(await _put(client, MESSAGE, {"value": "x", "scope": "tenant"}, None), 428, "precondition-required")
    await _put(client, MESSAGE, {"value": "x", "scope": "tenant"})
    assert_problem(await client.delete(f"{URL}/{MESSAGE}", params={"scope": "tenant"}), 428, "precondition-required")


async def test_a_stale_or_malformed_if_match_is_412(client: httpx.AsyncClient) -> None:
    await _put(client, MESSAGE, {"value": "first", "scope": "tenant"}, '"0"')
    stale = assert_problem(await _put(client, MESSAGE, {"value": "late", "scope": "tenant"}, '"0"'), 412)
    assert stale["current_version"] == 1
    assert_problem(await _put(client, MESSAGE, {"value": "x", "scope": "tenant"}, "yesterday"), 412)
    assert_problem(
        await client.delete(f"{URL}/{MESSAGE}", params={"scope": "tenant"}, headers={"If-Match": '"7"'}),
        412,
        "precondition-failed",
    )
    assert (await client.get(f"{URL}/{MESSAGE}")).json()["value"] == "first"


async def test_clearing_a_value_that_is_not_set_is_404(client: httpx.AsyncClient) -> None:
    response = await client.delete(f"{URL}/{MESSAGE}", params={"scope": "tenant"}, headers={"If-Match": "*"})
    assert_problem(response, 404, "config-value-not-set")


async def test_only_operators_change_platform_values(client: httpx.AsyncClient) -> None:
    problem = assert_problem(
        await _put(client, MESSAGE, {"value": "x", "scope": "platform"}), 403, "config-scope-forbidden"
    )
    assert "platform operators" in problem["detail"]


async def test_a_tenant_cannot_reach_another_tenant(client: httpx.AsyncClient) -> None:
    other = str(uuid.uuid4())
    assert_problem(await _put(client, MESSAGE, {"value": "x", "scope": "tenant", "tenant_id": other}), 403)
    assert_problem(await client.get(f"{URL}/{MESSAGE}", params={"tenant_id": other}), 403, "config-scope-forbidden")
    assert_problem(await client.get(URL, params={"tenant_id": other}), 403)


async def test_without_the_permissions_it_is_403(container: Container, admin: Actor) -> None:
    trader = await h.internal_user(container, admin, "trader")
    async with api_client(container, trader) as c:
        for response in (
            await c.get(URL),
            await c.get(f"{URL}/{MESSAGE}"),
            await c.get(f"{URL}/{MESSAGE}/history"),
            await _put(c, MESSAGE, {"value": "x", "scope": "tenant"}),
            await c.delete(f"{URL}/{MESSAGE}", params={"scope": "tenant"}, headers={"If-Match": "*"}),
        ):
            assert_problem(response, 403, "forbidden")


async def test_a_reader_cannot_write(container: Container, admin: Actor) -> None:
    auditor = await h.internal_user(container, admin, "auditor")
    async with api_client(container, auditor) as c:
        assert (await c.get(f"{URL}/{MESSAGE}")).status_code == 200
        assert_problem(await _put(c, MESSAGE, {"value": "x", "scope": "tenant"}), 403, "forbidden")


async def test_a_writer_limited_to_a_branch_changes_that_branch_only(container: Container, admin: Actor) -> None:
    mine, other = await h.open_test_branch(container, admin), await h.open_test_branch(container, admin)
    role = await h.define_role(container, admin, ["config.read", "config.write"])
    manager = await h.internal_user(container, admin, role, branch_ids=[mine])
    async with api_client(container, manager) as c:
        ok = await _put(c, MESSAGE, {"value": "x", "scope": "branch", "branch_id": str(mine)})
        assert ok.status_code == 200, ok.text
        elsewhere = await _put(c, MESSAGE, {"value": "x", "scope": "branch", "branch_id": str(other)})
        assert "does not cover branch" in assert_problem(elsewhere, 403, "config-scope-forbidden")["detail"]
        assert_problem(await _put(c, MESSAGE, {"value": "x", "scope": "tenant"}), 403, "config-scope-forbidden")


async def test_anonymous_callers_are_401(anonymous: httpx.AsyncClient) -> None:
    assert_problem(await anonymous.get(URL), 401, "unauthenticated")
    assert_problem(await _put(anonymous, MESSAGE, {"value": "x", "scope": "tenant"}), 401, "unauthenticated")
