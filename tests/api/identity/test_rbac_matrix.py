"""The RBAC3 matrix over HTTP: inheritance, patterns, branch and commodity scopes, expiry, revocation,
static separation of duty, cycles, and the rules for system roles and roles in use."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import text

from backend.api.errors import status_of
from backend.app.bootstrap import Container
from backend.core.errors import MakerCheckerViolation
from backend.core.permissions import all_permissions
from backend.core.principal import ensure_not_maker
from backend.modules.identity.domain.system_roles import SYSTEM_ROLES
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, cotton, error_fields
from tests.api.identity import rbac_helpers as h
from tests.conftest import platform_session

ME = "/api/v1/me"
ROLES = "/api/v1/roles"
ASSIGNMENTS = "/api/v1/role-assignments"
SOD = "/api/v1/sod-constraints"
BRANCHES = "/api/v1/branches"
USERS = "/api/v1/users"
COMMODITIES = "/api/v1/commodities"


async def me(container: Container, actor: Actor) -> dict[str, Any]:
    async with api_client(container, actor) as c:
        response = await c.get(ME)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def new_role(
    client: httpx.AsyncClient, permissions: Sequence[str], inherits: Sequence[str] = ()
) -> dict[str, Any]:
    name = f"r_{uuid.uuid4().hex[:10]}"
    response = await client.post(
        ROLES, json={"name": name, "permissions": list(permissions), "inherits": list(inherits)}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def assign(client: httpx.AsyncClient, user_id: uuid.UUID, role_id: object, **extra: object) -> httpx.Response:
    return await client.post(ASSIGNMENTS, json={"user_id": str(user_id), "role_id": str(role_id), **extra})


# --- inheritance and permission patterns ---------------------------------------------------------


def role_permissions(role: str, *extra: str) -> list[str]:
    """The system role's permissions (explicit codes, no patterns) with ``extra``, as /me lists them."""
    return sorted({*SYSTEM_ROLES[role][1], *extra})


async def test_a_role_inheriting_trader_grants_commodities_read_but_not_write(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    trader = await h.role_id(container, admin, "trader")
    role = await new_role(client, [], [str(trader)])
    user = await h.internal_user(container, admin, uuid.UUID(str(role["id"])))

    seen = await me(container, user)
    assert set(seen["roles"]) == {role["name"], "trader"}
    assert seen["permissions"] == role_permissions("trader")
    async with api_client(container, user) as c:
        assert (await c.get(COMMODITIES)).status_code == 200
        denied = assert_problem(await c.post(COMMODITIES, json=cotton()), 403, "forbidden")
        assert denied["permission"] == "commodities.write"


async def test_inheritance_is_transitive_and_adds_to_own_permissions(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    back_office = await h.role_id(container, admin, "back_office")
    middle = await new_role(client, ["audit.read"], [str(back_office)])
    top = await new_role(client, ["roles.read"], [str(middle["id"])])
    user = await h.internal_user(container, admin, uuid.UUID(str(top["id"])))

    seen = await me(container, user)
    assert set(seen["roles"]) == {top["name"], middle["name"], "back_office"}
    assert seen["permissions"] == role_permissions("back_office", "audit.read", "roles.read")
    async with api_client(container, user) as c:
        assert (await c.post(COMMODITIES, json=cotton())).status_code == 201  # from back_office, two levels up
        assert (await c.get("/api/v1/audit-events")).status_code == 200  # from the middle role
        assert (await c.get(ROLES)).status_code == 200  # its own
        assert_problem(await c.post(ROLES, json={"name": "nope_role"}), 403, "forbidden")


async def test_star_read_pattern_reads_everything_and_writes_nothing(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    role = await new_role(client, ["*.read"])
    user = await h.internal_user(container, admin, uuid.UUID(str(role["id"])))

    every_read = [p.code for p in all_permissions() if p.code.endswith(".read") and not p.platform_only]
    assert (await me(container, user))["permissions"] == sorted(every_read)
    async with api_client(container, user) as c:
        for path in (BRANCHES, USERS, ROLES, ASSIGNMENTS, SOD, COMMODITIES, "/api/v1/audit-events"):
            assert (await c.get(path)).status_code == 200, path
        branch = {"code": h.unique_code(), "name": "Rajkot", "state_code": "24"}
        assert assert_problem(await c.post(BRANCHES, json=branch), 403, "forbidden")["permission"] == "branches.write"
        denied = assert_problem(await c.post(COMMODITIES, json=cotton()), 403, "forbidden")
        assert denied["permission"] == "commodities.write"


async def test_resource_wildcard_expands_to_that_resource_only(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    role = await new_role(client, ["commodities.*"])
    user = await h.internal_user(container, admin, uuid.UUID(str(role["id"])))

    assert (await me(container, user))["permissions"] == ["commodities.read", "commodities.write"]
    async with api_client(container, user) as c:
        assert (await c.post(COMMODITIES, json=cotton())).status_code == 201
        assert_problem(await c.get(BRANCHES), 403, "forbidden")


async def test_unknown_and_platform_only_permissions_cannot_go_into_a_tenant_role(client: httpx.AsyncClient) -> None:
    body = {"name": "bad_role", "permissions": ["commodities.read", "trades.fly", "tenants.manage", "Not A Code"]}
    problem = assert_problem(await client.post(ROLES, json=body), 422, "invalid-input")
    assert error_fields(problem) == {"permissions.1", "permissions.2", "permissions.3"}
    # the tenant admin's "*" therefore never reaches the platform's permissions either
    tenant = {"name": "Sneaky", "country": "IN", "base_currency": "INR"}
    assert assert_problem(await client.post("/api/v1/tenants", json=tenant), 403)["permission"] == "tenants.manage"


async def test_changing_a_role_makes_holders_tokens_stale_and_the_next_token_carries_the_change(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    base = await new_role(client, ["commodities.read"])
    heir = await new_role(client, [], [str(base["id"])])
    direct = await h.internal_user(container, admin, uuid.UUID(str(base["id"])))
    inheriting = await h.internal_user(container, admin, uuid.UUID(str(heir["id"])))

    changed = await client.patch(
        f"{ROLES}/{base['id']}", json={"permissions": ["commodities.*"]}, headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] == '"2"'

    for holder in (direct, inheriting):
        async with api_client(container, holder) as c:
            assert_problem(await c.get(ME), 401, "invalid-token")
        fresh = await h.signed_in_again(container, holder)
        assert "commodities.write" in (await me(container, fresh))["permissions"]


async def test_role_patch_needs_a_current_if_match(client: httpx.AsyncClient) -> None:
    role = await new_role(client, ["commodities.read"])
    url = f"{ROLES}/{role['id']}"
    assert_problem(await client.patch(url, json={"description": "x"}), 428)
    assert_problem(await client.patch(url, json={"description": "x"}, headers={"If-Match": '"7"'}), 412)
    assert (await client.patch(url, json={"description": "x"}, headers={"If-Match": '"1"'})).status_code == 200


# --- scopes ---------------------------------------------------------------------------------------


async def test_a_branch_scoped_assignment_holds_in_its_branches_only(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    b1 = await h.open_test_branch(container, admin)
    b2 = await h.open_test_branch(container, admin)
    role = await new_role(client, ["branches.read"])
    user = await h.internal_user(container, admin, uuid.UUID(str(role["id"])), branch_ids=[b1])
    listed = (await client.get(ASSIGNMENTS, params={"user_id": str(user.user_id)})).json()["items"]
    assert [(a["role_id"], a["branch_ids"], a["commodity_ids"]) for a in listed] == [(role["id"], [str(b1)], [])]

    principal = await h.principal_of(container, user)
    assert principal.permitted_branches("branches.read") == frozenset({b1})
    assert principal.can("branches.read", branch_id=b1)
    assert not principal.can("branches.read", branch_id=b2)
    claims = jwt.decode(user.token, options={"verify_signature": False})
    assert claims["grants"]["branches.read"] == [[[str(b1)], None]]
    async with api_client(container, user) as c:
        assert (await c.get(f"{BRANCHES}/{b1}")).status_code == 200
        # outside its branches the user learns nothing: as if the branch did not exist
        assert_problem(await c.get(f"{BRANCHES}/{b2}"), 404, "branch-not-found")
        assert [b["id"] for b in (await c.get(BRANCHES)).json()["items"]] == [str(b1)]
    # the tenant-wide admin still sees both
    assert {str(b1), str(b2)} <= {b["id"] for b in (await client.get(BRANCHES)).json()["items"]}


async def test_assignments_refuse_unknown_branches(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    user = await h.internal_user(container, admin)
    trader = await h.role_id(container, admin, "trader")
    missing = uuid.uuid4()
    problem = assert_problem(
        await assign(client, user.user_id, trader, branch_ids=[str(missing)]), 422, "invalid-input"
    )
    assert error_fields(problem) == {"branch_ids"}
    assert str(missing) in problem["detail"]


async def test_a_commodity_scoped_assignment_travels_in_the_token(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    c1 = (await client.post(COMMODITIES, json=cotton())).json()["id"]
    c2 = (await client.post(COMMODITIES, json=cotton())).json()["id"]
    user = await h.internal_user(container, admin, "trader", commodity_ids=[uuid.UUID(c1)])

    seen = await me(container, user)
    assert seen["roles"] == ["trader"]
    assert seen["permissions"] == role_permissions("trader")
    claims = jwt.decode(user.token, options={"verify_signature": False})
    assert claims["grants"]["commodities.read"] == [[None, [c1]]]
    principal = await h.principal_of(container, user)
    assert principal.can("commodities.read", commodity_id=uuid.UUID(c1))
    assert not principal.can("commodities.read", commodity_id=uuid.UUID(c2))
    async with api_client(container, user) as c:
        assert (await c.get(f"{COMMODITIES}/{c1}")).status_code == 200


async def test_scopes_of_two_assignments_add_up(container: Container, admin: Actor) -> None:
    b1 = await h.open_test_branch(container, admin)
    b2 = await h.open_test_branch(container, admin)
    user = await h.internal_user(container, admin, "finance", branch_ids=[b1])
    await h.grant(container, admin, user.user_id, "back_office", branch_ids=[b2])
    user = await h.signed_in_again(container, user)

    principal = await h.principal_of(container, user)
    assert principal.permitted_branches("branches.read") == frozenset({b1, b2})
    assert principal.permitted_branches("commodities.write") == frozenset({b2})  # back_office only


# --- expiry and revocation ------------------------------------------------------------------------


async def test_an_expiry_in_the_past_is_refused(container: Container, admin: Actor, client: httpx.AsyncClient) -> None:
    user = await h.internal_user(container, admin)
    trader = await h.role_id(container, admin, "trader")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    problem = assert_problem(await assign(client, user.user_id, trader, expires_at=past), 422, "invalid-input")
    assert error_fields(problem) == {"expires_at"}
    naive = assert_problem(await assign(client, user.user_id, trader, expires_at="2099-01-01T00:00:00"), 422)
    assert error_fields(naive) == {"expires_at"}


async def test_an_assignment_expiring_soon_is_active_until_it_expires(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    user = await h.internal_user(container, admin)
    trader = await h.role_id(container, admin, "trader")
    soon = datetime.now(UTC) + timedelta(minutes=2)
    created = await assign(client, user.user_id, trader, expires_at=soon.isoformat())
    assert created.status_code == 201, created.text
    assignment = created.json()
    assert assignment["active"] is True
    assert datetime.fromisoformat(assignment["expires_at"]) == soon

    user = await h.signed_in_again(container, user)
    assert (await me(container, user))["permissions"] == role_permissions("trader")

    # time passes: the expiry lies behind us now
    async with platform_session(container) as session:
        await session.execute(
            text(
                "UPDATE identity.role_assignments SET granted_at = now() - interval '2 hours',"
                " expires_at = now() - interval '1 hour' WHERE id = :id"
            ),
            {"id": assignment["id"]},
        )
    fetched = (await client.get(f"{ASSIGNMENTS}/{assignment['id']}")).json()
    assert fetched["active"] is False
    user = await h.signed_in_again(container, user)
    assert (await me(container, user))["permissions"] == []
    async with api_client(container, user) as c:
        assert_problem(await c.get(COMMODITIES), 403, "forbidden")


async def test_revoking_removes_the_permission_from_the_next_token(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    user = await h.internal_user(container, admin, "auditor")
    assignment_id = (await client.get(ASSIGNMENTS, params={"user_id": str(user.user_id)})).json()["items"][0]["id"]
    async with api_client(container, user) as c:
        assert (await c.get(USERS)).status_code == 200

    revoked = await client.delete(f"{ASSIGNMENTS}/{assignment_id}")
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["active"] is False
    assert revoked.json()["revoked_at"] is not None

    async with api_client(container, user) as c:
        assert_problem(await c.get(USERS), 401, "invalid-token")  # the old token went stale
    user = await h.signed_in_again(container, user)
    seen = await me(container, user)
    assert (seen["roles"], seen["permissions"]) == ([], [])
    async with api_client(container, user) as c:
        assert_problem(await c.get(USERS), 403, "forbidden")
    assert_problem(await client.delete(f"{ASSIGNMENTS}/{assignment_id}"), 409, "invalid-state")


# --- static separation of duty --------------------------------------------------------------------


async def sod_set(client: httpx.AsyncClient, role_ids: list[uuid.UUID], max_roles: int = 1) -> dict[str, Any]:
    name = f"sod-{uuid.uuid4().hex[:6]}"
    response = await client.post(
        SOD, json={"name": name, "role_ids": [str(r) for r in role_ids], "max_roles": max_roles}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_static_sod_refuses_the_second_role_of_a_set_naming_set_and_roles(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    trader = await h.role_id(container, admin, "trader")
    back_office = await h.role_id(container, admin, "back_office")
    conflict = await sod_set(client, [trader, back_office])
    user = await h.internal_user(container, admin)

    assert (await assign(client, user.user_id, trader)).status_code == 201
    problem = assert_problem(await assign(client, user.user_id, back_office), 409, "separation-of-duty")
    assert problem["constraint"] == conflict["name"]
    assert problem["roles"] == ["back_office", "trader"]
    assert str(conflict["name"]) in problem["detail"]
    held = (await client.get(ASSIGNMENTS, params={"user_id": str(user.user_id)})).json()["items"]
    assert [a["role_id"] for a in held] == [str(trader)]


async def test_static_sod_counts_inherited_roles(container: Container, admin: Actor, client: httpx.AsyncClient) -> None:
    trader = await h.role_id(container, admin, "trader")
    back_office = await h.role_id(container, admin, "back_office")
    conflict = await sod_set(client, [trader, back_office])
    settlement = await new_role(client, [], [str(back_office)])
    user = await h.internal_user(container, admin, "trader")

    problem = assert_problem(await assign(client, user.user_id, settlement["id"]), 409, "separation-of-duty")
    assert problem["constraint"] == conflict["name"]
    assert problem["roles"] == ["back_office", "trader"]


async def test_static_sod_ignores_revoked_assignments(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    trader = await h.role_id(container, admin, "trader")
    back_office = await h.role_id(container, admin, "back_office")
    await sod_set(client, [trader, back_office])
    user = await h.internal_user(container, admin)
    first = (await assign(client, user.user_id, trader)).json()

    assert (await client.delete(f"{ASSIGNMENTS}/{first['id']}")).status_code == 200
    assert (await assign(client, user.user_id, back_office)).status_code == 201


async def test_static_sod_allows_up_to_max_roles(container: Container, admin: Actor, client: httpx.AsyncClient) -> None:
    names = ("trader", "finance", "risk_manager")
    ids = [await h.role_id(container, admin, name) for name in names]
    await sod_set(client, ids, max_roles=2)
    user = await h.internal_user(container, admin)

    assert (await assign(client, user.user_id, ids[0])).status_code == 201
    assert (await assign(client, user.user_id, ids[1])).status_code == 201
    problem = assert_problem(await assign(client, user.user_id, ids[2]), 409, "separation-of-duty")
    assert problem["roles"] == sorted(names)


async def test_sod_sets_are_validated(container: Container, admin: Actor, client: httpx.AsyncClient) -> None:
    trader = await h.role_id(container, admin, "trader")
    one = {"name": "solo", "role_ids": [str(trader), str(trader)], "max_roles": 1}
    assert error_fields(assert_problem(await client.post(SOD, json=one), 422)) == {"role_ids"}
    unknown = {"name": "ghost", "role_ids": [str(trader), str(uuid.uuid4())]}
    assert error_fields(assert_problem(await client.post(SOD, json=unknown), 422, "invalid-input")) == {"role_ids"}


async def test_deleting_a_sod_set_lifts_the_constraint(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    trader = await h.role_id(container, admin, "trader")
    back_office = await h.role_id(container, admin, "back_office")
    conflict = await sod_set(client, [trader, back_office])
    user = await h.internal_user(container, admin, "trader")
    assert_problem(await assign(client, user.user_id, back_office), 409, "separation-of-duty")

    assert (await client.delete(f"{SOD}/{conflict['id']}")).status_code == 204
    assert conflict["id"] not in {s["id"] for s in (await client.get(SOD)).json()}
    assert (await assign(client, user.user_id, back_office)).status_code == 201
    assert_problem(await client.delete(f"{SOD}/{conflict['id']}"), 404)


# --- dynamic separation of duty (maker-checker) --------------------------------------------------


async def test_dynamic_sod_refuses_the_maker_and_lets_another_user_check(container: Container, admin: Actor) -> None:
    """No approval flow exists yet; the primitive every later flow calls is checked on real principals."""
    maker = await h.principal_of(container, await h.internal_user(container, admin, "back_office"))
    checker = await h.principal_of(container, await h.internal_user(container, admin, "back_office"))
    with pytest.raises(MakerCheckerViolation) as caught:
        ensure_not_maker(maker, maker.user_id, "approve this partner")
    assert status_of(caught.value) == 403
    assert caught.value.code == "maker-checker"
    assert "approve this partner" in caught.value.detail
    ensure_not_maker(checker, maker.user_id, "approve this partner")
    ensure_not_maker(maker, None, "approve a record without a maker")


# --- hierarchy cycles, system roles, roles in use ------------------------------------------------


async def test_a_cycle_in_the_hierarchy_is_a_422(client: httpx.AsyncClient) -> None:
    b = await new_role(client, ["commodities.read"])
    a = await new_role(client, [], [str(b["id"])])
    problem = assert_problem(
        await client.patch(f"{ROLES}/{b['id']}", json={"inherits": [a["id"]]}, headers={"If-Match": '"1"'}),
        422,
        "role-cycle",
    )
    assert error_fields(problem) == {"inherits"}
    assert str(a["name"]) in problem["detail"]
    assert str(b["name"]) in problem["detail"]
    assert (await client.get(f"{ROLES}/{b['id']}")).json()["inherits"] == []


async def test_a_longer_cycle_and_a_self_loop_are_422(client: httpx.AsyncClient) -> None:
    c = await new_role(client, ["commodities.read"])
    b = await new_role(client, [], [str(c["id"])])
    a = await new_role(client, [], [str(b["id"])])
    long_loop = await client.patch(f"{ROLES}/{c['id']}", json={"inherits": [a["id"]]}, headers={"If-Match": '"1"'})
    detail = assert_problem(long_loop, 422, "role-cycle")["detail"]
    assert f"{c['name']} -> {a['name']} -> {b['name']} -> {c['name']}" in detail
    self_loop = await client.patch(f"{ROLES}/{a['id']}", json={"inherits": [a["id"]]}, headers={"If-Match": '"1"'})
    assert_problem(self_loop, 422, "role-cycle")


async def test_inheriting_an_unknown_role_is_a_422(client: httpx.AsyncClient) -> None:
    body = {"name": "orphan_role", "inherits": [str(uuid.uuid4())]}
    assert error_fields(assert_problem(await client.post(ROLES, json=body), 422, "invalid-input")) == {"inherits"}


async def test_system_roles_can_be_inherited_but_not_changed_or_deleted(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    roles = {r["name"]: r for r in (await client.get(ROLES)).json()}
    assert {n for n, r in roles.items() if r["system"]} == {
        "tenant_admin",
        "trader",
        "back_office",
        "risk_manager",
        "finance",
        "compliance_officer",
        "auditor",
        "partner_user",
    }
    for name in ("trader", "tenant_admin"):
        role = roles[name]
        url = f"{ROLES}/{role['id']}"
        changed = await client.patch(url, json={"permissions": ["*"]}, headers={"If-Match": f'"{role["version"]}"'})
        assert_problem(changed, 409, "invalid-state")
        assert_problem(await client.delete(url), 409, "invalid-state")
        assert (await client.get(url)).json() == role


async def test_a_role_in_use_or_inherited_cannot_be_deleted_an_unused_one_can(
    container: Container, admin: Actor, client: httpx.AsyncClient
) -> None:
    used = await new_role(client, ["commodities.read"])
    await h.internal_user(container, admin, uuid.UUID(str(used["id"])))
    assert (
        "has been assigned"
        in assert_problem(await client.delete(f"{ROLES}/{used['id']}"), 409, "invalid-state")["detail"]
    )

    parent = await new_role(client, ["commodities.read"])
    child = await new_role(client, [], [str(parent["id"])])
    assert str(child["name"]) in assert_problem(await client.delete(f"{ROLES}/{parent['id']}"), 409)["detail"]

    assert (await client.delete(f"{ROLES}/{child['id']}")).status_code == 204
    assert_problem(await client.get(f"{ROLES}/{child['id']}"), 404, "role-not-found")
    assert (await client.delete(f"{ROLES}/{parent['id']}")).status_code == 204
