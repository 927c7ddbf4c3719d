"""Every identity and commodity endpoint: 401 without (or with a bad) token, 403 with a token that lacks
the permission, and the 403 comes before any lookup (an unknown id still answers 403, not 404)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, cotton
from tests.api.identity import rbac_helpers as h

ANY = "00000000-0000-4000-8000-000000000001"
IF_MATCH = {"If-Match": '"1"'}
BRANCH = {"code": "GRD1", "name": "Guarded", "state_code": "24"}
ROLE = {"name": "guarded_role", "permissions": ["commodities.read"]}
ASSIGNMENT = {"user_id": ANY, "role_id": ANY}
SOD = {"name": "guarded", "role_ids": [ANY, str(uuid.UUID(int=2))]}
TENANT = {"name": "Guarded", "country": "IN", "base_currency": "INR"}
USER = {"full_name": "Guarded", "email": "guarded@mandi.example"}
VARIETY = {"name": "Guarded-1"}
CONVERT = {"quantity": "1", "from_unit": "KG", "to_unit": "KG"}
QUALITY: dict[str, Any] = {"values": {}}

# (method, path, body, headers): every route that needs a token
PROTECTED: list[tuple[str, str, dict[str, Any] | None, dict[str, str]]] = [
    ("GET", "/api/v1/me", None, {}),
    ("POST", "/api/v1/me/two-factor", None, {}),
    ("POST", "/api/v1/me/sub-users", {"full_name": "S", "mobile": "+919800000001"}, {}),
    ("POST", "/api/v1/auth/logout", None, {}),
    ("GET", "/api/v1/permissions", None, {}),
    ("POST", "/api/v1/tenants", TENANT, {}),
    ("GET", "/api/v1/tenants", None, {}),
    ("GET", f"/api/v1/tenants/{ANY}", None, {}),
    ("PATCH", f"/api/v1/tenants/{ANY}", {"status": "suspended"}, {}),
    ("POST", "/api/v1/branches", BRANCH, {}),
    ("GET", "/api/v1/branches", None, {}),
    ("GET", f"/api/v1/branches/{ANY}", None, {}),
    ("PATCH", f"/api/v1/branches/{ANY}", {"name": "x"}, IF_MATCH),
    ("POST", "/api/v1/users", USER, {}),
    ("GET", "/api/v1/users", None, {}),
    ("GET", f"/api/v1/users/{ANY}", None, {}),
    ("POST", f"/api/v1/users/{ANY}/disable", None, {}),
    ("POST", f"/api/v1/users/{ANY}/enable", None, {}),
    ("POST", f"/api/v1/users/{ANY}/unlock", None, {}),
    ("POST", f"/api/v1/users/{ANY}/reset-password", None, {}),
    ("POST", "/api/v1/roles", ROLE, {}),
    ("GET", "/api/v1/roles", None, {}),
    ("GET", f"/api/v1/roles/{ANY}", None, {}),
    ("PATCH", f"/api/v1/roles/{ANY}", {"description": "x"}, IF_MATCH),
    ("DELETE", f"/api/v1/roles/{ANY}", None, {}),
    ("POST", "/api/v1/role-assignments", ASSIGNMENT, {}),
    ("GET", "/api/v1/role-assignments", None, {}),
    ("GET", f"/api/v1/role-assignments/{ANY}", None, {}),
    ("DELETE", f"/api/v1/role-assignments/{ANY}", None, {}),
    ("POST", "/api/v1/sod-constraints", SOD, {}),
    ("GET", "/api/v1/sod-constraints", None, {}),
    ("DELETE", f"/api/v1/sod-constraints/{ANY}", None, {}),
    ("GET", "/api/v1/audit-events", None, {}),
    ("POST", "/api/v1/commodities", cotton("GUARDED"), {}),
    ("GET", "/api/v1/commodities", None, {}),
    ("GET", f"/api/v1/commodities/{ANY}", None, {}),
    ("PATCH", f"/api/v1/commodities/{ANY}", {"name": "x"}, IF_MATCH),
    ("POST", f"/api/v1/commodities/{ANY}/varieties", VARIETY, {}),
    ("POST", f"/api/v1/commodities/{ANY}/convert", CONVERT, {}),
    ("POST", f"/api/v1/commodities/{ANY}/quality-check", QUALITY, {}),
]


def _id(case: tuple[Any, ...]) -> str:
    return f"{case[0]} {case[1].replace(ANY, '{id}')}"


async def call(client: httpx.AsyncClient, method: str, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
    return await client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize("case", PROTECTED, ids=[_id(c) for c in PROTECTED])
async def test_no_token_is_a_401(anonymous: httpx.AsyncClient, case: tuple[str, str, Any, dict[str, str]]) -> None:
    response = await call(anonymous, *case)
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."],
    ids=["garbage", "basic", "empty", "alg-none"],
)
@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/users", "/api/v1/roles", "/api/v1/tenants"])
async def test_a_bad_token_is_a_401(anonymous: httpx.AsyncClient, authorization: str, path: str) -> None:
    assert_problem(await anonymous.get(path, headers={"Authorization": authorization}), 401)


# (method, path, body, headers, the permission named in the 403)
AUDITOR_DENIED: list[tuple[str, str, Any, dict[str, str], str]] = [
    ("POST", "/api/v1/tenants", TENANT, {}, "tenants.manage"),
    ("PATCH", f"/api/v1/tenants/{ANY}", {"status": "suspended"}, {}, "tenants.manage"),
    ("POST", "/api/v1/branches", BRANCH, {}, "branches.write"),
    ("PATCH", f"/api/v1/branches/{ANY}", {"name": "x"}, IF_MATCH, "branches.write"),
    ("POST", "/api/v1/users", USER, {}, "users.write"),
    ("POST", f"/api/v1/users/{ANY}/disable", None, {}, "users.write"),
    ("POST", f"/api/v1/users/{ANY}/enable", None, {}, "users.write"),
    ("POST", f"/api/v1/users/{ANY}/unlock", None, {}, "users.write"),
    ("POST", f"/api/v1/users/{ANY}/reset-password", None, {}, "users.write"),
    ("POST", "/api/v1/roles", ROLE, {}, "roles.write"),
    ("PATCH", f"/api/v1/roles/{ANY}", {"description": "x"}, IF_MATCH, "roles.write"),
    ("DELETE", f"/api/v1/roles/{ANY}", None, {}, "roles.write"),
    ("POST", "/api/v1/role-assignments", ASSIGNMENT, {}, "roles.assign"),
    ("DELETE", f"/api/v1/role-assignments/{ANY}", None, {}, "roles.assign"),
    ("POST", "/api/v1/sod-constraints", SOD, {}, "roles.write"),
    ("DELETE", f"/api/v1/sod-constraints/{ANY}", None, {}, "roles.write"),
    ("POST", "/api/v1/commodities", cotton("GUARDED"), {}, "commodities.write"),
    ("PATCH", f"/api/v1/commodities/{ANY}", {"name": "x"}, IF_MATCH, "commodities.write"),
    ("POST", f"/api/v1/commodities/{ANY}/varieties", VARIETY, {}, "commodities.write"),
]

# a partner_user holds commodities.read only
PARTNER_USER_DENIED: list[tuple[str, str, Any, dict[str, str], str]] = [
    ("GET", "/api/v1/tenants", None, {}, "tenants.read"),
    ("GET", f"/api/v1/tenants/{ANY}", None, {}, "tenants.read"),
    ("GET", "/api/v1/branches", None, {}, "branches.read"),
    ("GET", f"/api/v1/branches/{ANY}", None, {}, "branches.read"),
    ("GET", "/api/v1/users", None, {}, "users.read"),
    ("GET", f"/api/v1/users/{ANY}", None, {}, "users.read"),
    ("GET", "/api/v1/roles", None, {}, "roles.read"),
    ("GET", f"/api/v1/roles/{ANY}", None, {}, "roles.read"),
    ("GET", "/api/v1/role-assignments", None, {}, "roles.read"),
    ("GET", f"/api/v1/role-assignments/{ANY}", None, {}, "roles.read"),
    ("GET", "/api/v1/sod-constraints", None, {}, "roles.read"),
    ("GET", "/api/v1/audit-events", None, {}, "audit.read"),
]


@pytest.fixture
async def auditor(container: Container, admin: Actor) -> Actor:
    return await h.internal_user(container, admin, "auditor")


@pytest.fixture
async def reader(container: Container, admin: Actor) -> Actor:
    """Staff holding only commodities.read."""
    return await h.internal_user(container, admin, "partner_user")


@pytest.mark.parametrize("case", AUDITOR_DENIED, ids=[_id(c) for c in AUDITOR_DENIED])
async def test_the_read_only_auditor_may_not_write(
    container: Container, auditor: Actor, case: tuple[str, str, Any, dict[str, str], str]
) -> None:
    method, path, body, headers, permission = case
    async with api_client(container, auditor) as c:
        problem = assert_problem(await call(c, method, path, body, headers), 403, "forbidden")
    assert problem["permission"] == permission
    assert permission in problem["detail"]


@pytest.mark.parametrize("case", PARTNER_USER_DENIED, ids=[_id(c) for c in PARTNER_USER_DENIED])
async def test_a_user_without_the_read_permission_may_not_read(
    container: Container, reader: Actor, case: tuple[str, str, Any, dict[str, str], str]
) -> None:
    method, path, body, headers, permission = case
    async with api_client(container, reader) as c:
        problem = assert_problem(await call(c, method, path, body, headers), 403, "forbidden")
    assert problem["permission"] == permission


async def test_a_user_without_roles_may_still_see_itself_and_the_permission_registry(
    container: Container, admin: Actor
) -> None:
    nobody = await h.internal_user(container, admin)
    async with api_client(container, nobody) as c:
        me = (await c.get("/api/v1/me")).json()
        assert (me["user"]["id"], me["roles"], me["permissions"]) == (str(nobody.user_id), [], [])
        registry = (await c.get("/api/v1/permissions")).json()
        assert_problem(await c.get("/api/v1/commodities"), 403, "forbidden")
    codes = {p["code"]: p for p in registry}
    assert {"commodities.read", "branches.read", "roles.assign", "tenants.manage", "audit.read"} <= set(codes)
    assert codes["tenants.manage"]["platform_only"] is True
    assert codes["branches.read"]["scoped"] is True


async def test_the_auditor_reads_the_audit_trail(container: Container, auditor: Actor) -> None:
    async with api_client(container, auditor) as c:
        page = await c.get("/api/v1/audit-events", params={"action": "role_assigned"})
    assert page.status_code == 200, page.text
    assert str(auditor.user_id) in {e["subject_id"] for e in page.json()["items"]}


async def test_a_disabled_users_token_is_refused(container: Container, admin: Actor, client: httpx.AsyncClient) -> None:
    user = await h.internal_user(container, admin, "auditor")
    assert (await client.post(f"/api/v1/users/{user.user_id}/disable")).status_code == 200
    async with api_client(container, user) as c:
        assert_problem(await c.get("/api/v1/me"), 401)
