"""Tenant isolation over HTTP: for every endpoint that takes an id, a resource of tenant A is a 404 (not a
403) for tenant B's admin on read, update and delete, and A's resource is untouched afterwards; no list
shows B any of A's rows; B cannot wire A's roles, users or branches into its own assignments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, cotton, error_fields
from tests.api.identity import rbac_helpers as h


@dataclass(frozen=True)
class World:
    """Tenant A with one resource of each kind, and tenant B's admin."""

    a: Actor
    b: Actor
    branch: uuid.UUID
    user: uuid.UUID
    user_email: str
    role: uuid.UUID
    assignment: uuid.UUID
    sod: uuid.UUID
    commodity: uuid.UUID
    b_user: uuid.UUID
    b_role: uuid.UUID

    def ids(self) -> dict[str, str]:
        return {
            "branch": str(self.branch),
            "user": str(self.user),
            "role": str(self.role),
            "assignment": str(self.assignment),
            "sod": str(self.sod),
            "tenant": str(self.a.tenant_id),
            "commodity": str(self.commodity),
        }


@pytest.fixture
async def world(container: Container) -> World:
    a = await h.new_tenant(container, "Tenant A")
    b = await h.new_tenant(container, "Tenant B")
    branch = await h.open_test_branch(container, a)
    email = f"a-user-{uuid.uuid4().hex[:8]}@mandi.example"
    user = await h.invite(container, a, email=email)
    role = await h.define_role(container, a, ["commodities.read"])
    assignment = await h.grant(container, a, user, role, branch_ids=[branch])
    conflicting = [str(await h.role_id(container, a, name)) for name in ("trader", "back_office")]
    async with api_client(container, a) as c:
        sod = await c.post("/api/v1/sod-constraints", json={"name": "a-sod", "role_ids": conflicting})
        commodity = await c.post("/api/v1/commodities", json=cotton())
    assert sod.status_code == 201, sod.text
    assert commodity.status_code == 201, commodity.text
    # B has one row of each kind too, so its lists are not empty by accident
    b_user = await h.invite(container, b, email=f"b-user-{uuid.uuid4().hex[:8]}@mandi.example")
    b_role = await h.define_role(container, b, ["commodities.read"])
    await h.grant(container, b, b_user, b_role, branch_ids=[await h.open_test_branch(container, b)])
    b_conflicting = [str(await h.role_id(container, b, name)) for name in ("trader", "back_office")]
    async with api_client(container, b) as c:
        b_sod = await c.post("/api/v1/sod-constraints", json={"name": "b-sod", "role_ids": b_conflicting})
        b_commodity = await c.post("/api/v1/commodities", json=cotton())
    assert (b_sod.status_code, b_commodity.status_code) == (201, 201)
    return World(
        a,
        b,
        branch,
        user,
        email,
        role,
        assignment,
        uuid.UUID(sod.json()["id"]),
        uuid.UUID(commodity.json()["id"]),
        b_user,
        b_role,
    )


async def snapshot(container: Container, world: World, kind: str) -> Any:
    """What tenant A itself sees of its resource of ``kind`` (plus any side effect B could cause)."""
    ids = world.ids()
    async with api_client(container, world.a) as c:
        if kind == "sod":
            response = await c.get("/api/v1/sod-constraints")
            assert response.status_code == 200
            return [s for s in response.json() if s["id"] == ids["sod"]]
        path = {
            "branch": "branches",
            "user": "users",
            "role": "roles",
            "assignment": "role-assignments",
            "tenant": "tenants",
            "commodity": "commodities",
        }[kind]
        response = await c.get(f"/api/v1/{path}/{ids[kind]}")
    assert response.status_code == 200, response.text
    state: Any = response.json()
    if kind == "user":
        async with container.session_factory() as session:
            messages = await session.scalar(
                text("SELECT count(*) FROM identity.dev_messages WHERE recipient = :r"), {"r": world.user_email}
            )
        state = (state, messages)
    return state


IF_MATCH = {"If-Match": '"1"'}
# (kind, method, path with {id}, body, headers, problem code)
BY_ID: list[tuple[str, str, str, dict[str, Any] | None, dict[str, str], str]] = [
    ("branch", "GET", "/api/v1/branches/{id}", None, {}, "branch-not-found"),
    ("branch", "PATCH", "/api/v1/branches/{id}", {"name": "Taken over"}, IF_MATCH, "branch-not-found"),
    ("branch", "PATCH", "/api/v1/branches/{id}", {"active": False}, {"If-Match": "*"}, "branch-not-found"),
    ("user", "GET", "/api/v1/users/{id}", None, {}, "user-not-found"),
    ("user", "POST", "/api/v1/users/{id}/disable", None, {}, "user-not-found"),
    ("user", "POST", "/api/v1/users/{id}/enable", None, {}, "user-not-found"),
    ("user", "POST", "/api/v1/users/{id}/unlock", None, {}, "user-not-found"),
    ("user", "POST", "/api/v1/users/{id}/reset-password", None, {}, "user-not-found"),
    ("role", "GET", "/api/v1/roles/{id}", None, {}, "role-not-found"),
    ("role", "PATCH", "/api/v1/roles/{id}", {"permissions": ["*"]}, IF_MATCH, "role-not-found"),
    ("role", "DELETE", "/api/v1/roles/{id}", None, {}, "role-not-found"),
    ("assignment", "GET", "/api/v1/role-assignments/{id}", None, {}, "assignment-not-found"),
    ("assignment", "DELETE", "/api/v1/role-assignments/{id}", None, {}, "assignment-not-found"),
    ("sod", "DELETE", "/api/v1/sod-constraints/{id}", None, {}, "separation-of-duty-set-not-found"),
    ("tenant", "GET", "/api/v1/tenants/{id}", None, {}, "tenant-not-found"),
    ("commodity", "GET", "/api/v1/commodities/{id}", None, {}, "commodity-not-found"),
    ("commodity", "PATCH", "/api/v1/commodities/{id}", {"name": "Taken over"}, IF_MATCH, "commodity-not-found"),
    ("commodity", "POST", "/api/v1/commodities/{id}/varieties", {"name": "Bunny"}, {}, "commodity-not-found"),
    (
        "commodity",
        "POST",
        "/api/v1/commodities/{id}/convert",
        {"quantity": "1", "from_unit": "BALE", "to_unit": "KG"},
        {},
        "commodity-not-found",
    ),
    (
        "commodity",
        "POST",
        "/api/v1/commodities/{id}/quality-check",
        {"values": {"staple_length": "29", "micronaire": "4", "strength": "28"}},
        {},
        "commodity-not-found",
    ),
]


@pytest.mark.parametrize(
    "case", BY_ID, ids=[f"{c[1]} {c[2]}" + (" *" if c[4].get("If-Match") == "*" else "") for c in BY_ID]
)
async def test_another_tenants_resource_is_a_404_and_stays_untouched(
    container: Container, world: World, case: tuple[str, str, str, dict[str, Any] | None, dict[str, str], str]
) -> None:
    kind, method, template, body, headers, code = case
    resource_id = world.ids()[kind]
    before = await snapshot(container, world, kind)

    async with api_client(container, world.b) as b:
        response = await b.request(method, template.format(id=resource_id), json=body, headers=headers)
    problem = assert_problem(response, 404, code)
    assert "permission" not in problem

    assert await snapshot(container, world, kind) == before


async def test_the_same_requests_succeed_for_the_owner(container: Container, world: World) -> None:
    """The positive control: each resource answers its own tenant (so the 404s above are about tenancy)."""
    ids = world.ids()
    async with api_client(container, world.a) as a:
        for kind, method, template, body, headers, _ in BY_ID:
            if method in ("GET",) or template.endswith(("/convert", "/quality-check")):
                response = await a.request(method, template.format(id=ids[kind]), json=body, headers=headers)
                assert response.status_code == 200, (template, response.text)


async def every_item(client: httpx.AsyncClient, path: str) -> list[dict[str, Any]]:
    """All rows of a list endpoint, following cursors where it pages."""
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {}
    while True:
        response = await client.get(path, params=params)
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        if isinstance(body, list):
            return body
        items += body["items"]
        if body["next_cursor"] is None:
            return items
        params = {"cursor": body["next_cursor"]}


LISTS = [
    "/api/v1/branches",
    "/api/v1/users",
    "/api/v1/roles",
    "/api/v1/role-assignments",
    "/api/v1/sod-constraints",
    "/api/v1/audit-events",
    "/api/v1/tenants",
    "/api/v1/commodities",
]


async def test_no_list_shows_another_tenants_rows(container: Container, world: World) -> None:
    async with api_client(container, world.a) as a:
        seen_by_a = {path: await every_item(a, path) for path in LISTS}
    async with api_client(container, world.b) as b:
        seen_by_b = {path: await every_item(b, path) for path in LISTS}

    a_ids = set(world.ids().values()) | {str(world.a.user_id)}
    for path in LISTS:
        a_rows = seen_by_a[path]
        b_rows = seen_by_b[path]
        assert b_rows, f"{path}: tenant B should see its own rows"
        assert a_rows, f"{path}: tenant A should see its own rows"
        for row in b_rows:
            assert row.get("tenant_id", str(world.b.tenant_id)) in (str(world.b.tenant_id), None), (path, row)
            assert not {str(v) for v in row.values() if isinstance(v, str)} & a_ids, (path, row)
        b_keys = {row.get("id", row.get("seq")) for row in b_rows}
        a_keys = {row.get("id", row.get("seq")) for row in a_rows}
        if path != "/api/v1/commodities":  # global commodities are shared by design
            assert not a_keys & b_keys, path
    assert {r["id"] for r in seen_by_b["/api/v1/tenants"]} == {str(world.b.tenant_id)}
    assert str(world.commodity) not in {r["id"] for r in seen_by_b["/api/v1/commodities"]}
    assert all(e["tenant_id"] == str(world.b.tenant_id) for e in seen_by_b["/api/v1/audit-events"])


async def test_assignment_lists_filtered_by_another_tenants_user_are_empty(container: Container, world: World) -> None:
    async with api_client(container, world.b) as b:
        page = await b.get("/api/v1/role-assignments", params={"user_id": str(world.user)})
    assert page.status_code == 200
    assert page.json() == {"items": [], "next_cursor": None}


async def test_b_cannot_assign_as_role_to_its_user(container: Container, world: World) -> None:
    async with api_client(container, world.b) as b:
        body = {"user_id": str(world.b_user), "role_id": str(world.role)}
        assert_problem(await b.post("/api/v1/role-assignments", json=body), 404, "role-not-found")


async def test_b_cannot_assign_its_role_to_as_user(container: Container, world: World) -> None:
    async with api_client(container, world.b) as b:
        body = {"user_id": str(world.user), "role_id": str(world.b_role)}
        assert_problem(await b.post("/api/v1/role-assignments", json=body), 404, "user-not-found")
    async with api_client(container, world.a) as a:
        held = (await a.get("/api/v1/role-assignments", params={"user_id": str(world.user)})).json()["items"]
    assert [x["id"] for x in held] == [str(world.assignment)]


async def test_b_cannot_scope_an_assignment_to_as_branch(container: Container, world: World) -> None:
    async with api_client(container, world.b) as b:
        body = {"user_id": str(world.b_user), "role_id": str(world.b_role), "branch_ids": [str(world.branch)]}
        problem = assert_problem(await b.post("/api/v1/role-assignments", json=body), 422, "invalid-input")
    assert error_fields(problem) == {"branch_ids"}


async def test_b_cannot_build_on_as_roles(container: Container, world: World) -> None:
    async with api_client(container, world.b) as b:
        inherit = {"name": "borrowed", "inherits": [str(world.role)]}
        assert error_fields(assert_problem(await b.post("/api/v1/roles", json=inherit), 422)) == {"inherits"}
        own = (await b.get(f"/api/v1/roles/{world.b_role}")).json()
        patched = await b.patch(
            f"/api/v1/roles/{world.b_role}",
            json={"inherits": [str(world.role)]},
            headers={"If-Match": f'"{own["version"]}"'},
        )
        assert error_fields(assert_problem(patched, 422)) == {"inherits"}
        b_trader = await h.role_id(container, world.b, "trader")
        sod = {"name": "mixed", "role_ids": [str(b_trader), str(world.role)]}
        assert error_fields(assert_problem(await b.post("/api/v1/sod-constraints", json=sod), 422)) == {"role_ids"}


async def test_b_cannot_invite_a_user_into_a(container: Container, world: World) -> None:
    email = f"intruder-{uuid.uuid4().hex[:6]}@mandi.example"
    async with api_client(container, world.b) as b:
        response = await b.post(
            "/api/v1/users", json={"full_name": "Intruder", "email": email, "tenant_id": str(world.a.tenant_id)}
        )
    # a tenant admin always invites into its own tenant (or is refused); never into another
    assert response.status_code in (201, 403, 404, 422), response.text
    if response.status_code == 201:
        assert response.json()["tenant_id"] == str(world.b.tenant_id)
    async with api_client(container, world.a) as a:
        assert email not in {u["email"] for u in await every_item(a, "/api/v1/users")}


async def test_a_private_commodity_code_does_not_collide_across_tenants(container: Container, world: World) -> None:
    async with api_client(container, world.a) as a:
        code = (await a.get(f"/api/v1/commodities/{world.commodity}")).json()["code"]
    async with api_client(container, world.b) as b:
        created = await b.post("/api/v1/commodities", json=cotton(code))
    assert created.status_code == 201, created.text  # a 409 would reveal A's private code
    async with api_client(container, world.a) as a:
        assert (await a.get(f"/api/v1/commodities/{created.json()['id']}")).status_code == 404


async def test_global_commodities_are_read_by_all_and_changed_by_none(
    container: Container, world: World, operator: Actor
) -> None:
    async with api_client(container, operator) as ops:
        created = await ops.post("/api/v1/commodities", json=cotton())
    assert created.status_code == 201, created.text
    shared = created.json()
    for tenant in (world.a, world.b):
        async with api_client(container, tenant) as c:
            assert (await c.get(f"/api/v1/commodities/{shared['id']}")).json() == shared
            assert shared["id"] in {r["id"] for r in await every_item(c, "/api/v1/commodities")}
            patched = await c.patch(f"/api/v1/commodities/{shared['id']}", json={"name": "Mine"}, headers=IF_MATCH)
            assert_problem(patched, 403, "commodity-read-only")
            added = await c.post(f"/api/v1/commodities/{shared['id']}/varieties", json={"name": "Mine-1"})
            assert_problem(added, 403, "commodity-read-only")
