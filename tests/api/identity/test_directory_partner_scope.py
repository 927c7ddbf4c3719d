"""Partner scope in the user directory: an external user sees only its own partner's people; partner
users create sub-users up to the tenant's limit, with a subset of their own roles."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from backend.app.bootstrap import Container
from backend.modules.identity.domain.system_roles import PARTNER_USER, SYSTEM_ROLES
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h

USERS = "/api/v1/users"
PARTNER_USER_PERMISSIONS = SYSTEM_ROLES[PARTNER_USER][1]  # what the system role grants today
SUB_USERS = "/api/v1/me/sub-users"


@dataclass(frozen=True)
class Marketplace:
    admin: Actor
    directory_role: uuid.UUID
    p1: uuid.UUID
    p2: uuid.UUID
    seller: Actor  # partner p1, signed in by OTP
    seller_colleague: uuid.UUID  # partner p1, invited only
    buyer: Actor  # partner p2, signed in by OTP
    staff: uuid.UUID  # an internal user


@pytest.fixture
async def market(container: Container, admin: Actor) -> Marketplace:
    partner_user = await h.role_id(container, admin, "partner_user")
    directory = await h.define_role(container, admin, ["users.read"], [partner_user], name="partner_directory")
    p1, p2 = uuid.uuid4(), uuid.uuid4()
    seller = await h.external_user(container, admin, p1, "partner_user", directory, over_http=True)
    colleague = await h.invite(container, admin, mobile=h.unique_mobile(), partner_id=p1, name="Seller colleague")
    buyer = await h.external_user(container, admin, p2, "partner_user", directory, over_http=True)
    staff = await h.invite(container, admin, email=f"staff-{uuid.uuid4().hex[:8]}@mandi.example")
    return Marketplace(admin, directory, p1, p2, seller, colleague, buyer, staff)


async def listed(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 2}  # small pages: the cursor must stay inside the partner too
    while True:
        response = await client.get(USERS, params=params)
        assert response.status_code == 200, response.text
        items += response.json()["items"]
        if response.json()["next_cursor"] is None:
            return items
        params["cursor"] = response.json()["next_cursor"]


async def test_an_external_user_lists_only_its_own_partners_users(container: Container, market: Marketplace) -> None:
    async with api_client(container, market.seller) as seller:
        seen = await listed(seller)
    assert {u["id"] for u in seen} == {str(market.seller.user_id), str(market.seller_colleague)}
    assert {(u["kind"], u["partner_id"]) for u in seen} == {("external", str(market.p1))}

    async with api_client(container, market.buyer) as buyer:
        assert {u["id"] for u in await listed(buyer)} == {str(market.buyer.user_id)}


async def test_another_partners_user_and_the_tenants_staff_are_404_for_an_external_user(
    container: Container, market: Marketplace
) -> None:
    async with api_client(container, market.seller) as seller:
        assert (await seller.get(f"{USERS}/{market.seller_colleague}")).status_code == 200
        for hidden in (market.buyer.user_id, market.staff, market.admin.user_id):
            problem = assert_problem(await seller.get(f"{USERS}/{hidden}"), 404, "user-not-found")
            assert "permission" not in problem
        filtered = await seller.get("/api/v1/role-assignments", params={"user_id": str(market.buyer.user_id)})
    assert filtered.status_code == 403  # partner users hold no roles.read here


async def test_the_tenant_admin_sees_every_partners_users(
    container: Container, market: Marketplace, client: httpx.AsyncClient
) -> None:
    ids = {u["id"] for u in await listed(client)}
    expected = {
        market.seller.user_id,
        market.seller_colleague,
        market.buyer.user_id,
        market.staff,
        market.admin.user_id,
    }
    assert {str(i) for i in expected} <= ids


async def test_me_of_an_external_user_names_its_partner(container: Container, market: Marketplace) -> None:
    async with api_client(container, market.seller) as seller:
        me = (await seller.get("/api/v1/me")).json()
    assert (me["user"]["kind"], me["user"]["partner_id"], me["user"]["status"]) == (
        "external",
        str(market.p1),
        "active",
    )
    assert me["roles"] == sorted(["partner_directory", "partner_user"])
    assert me["permissions"] == sorted({*PARTNER_USER_PERMISSIONS, "users.read"})


async def test_an_external_user_cannot_invite_people_of_another_partner_or_staff(
    container: Container, market: Marketplace
) -> None:
    writer = await h.define_role(container, market.admin, ["users.read", "users.write"])
    await h.grant(container, market.admin, market.seller.user_id, writer)
    seller = await h.signed_in_again(container, market.seller)
    other_partner = {"full_name": "Planted", "mobile": h.unique_mobile(), "partner_id": str(market.p2)}
    staff = {"full_name": "Planted staff", "email": f"planted-{uuid.uuid4().hex[:6]}@mandi.example"}
    async with api_client(container, seller) as c:
        for body in (other_partner, staff):
            response = await c.post(USERS, json=body)
            assert response.status_code in (403, 422), (body, response.status_code, response.text)
    async with api_client(container, market.admin) as admin:
        names = {u["full_name"] for u in await listed(admin)}
    assert not names & {"Planted", "Planted staff"}


# --- sub-users ------------------------------------------------------------------------------------


def sub_user(name: str = "Sub", roles: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"full_name": name, "mobile": h.unique_mobile()}
    if roles is not None:
        body["roles"] = roles
    return body


async def test_a_partner_user_creates_sub_users_up_to_the_tenant_limit(
    container: Container, market: Marketplace, client: httpx.AsyncClient
) -> None:
    limit = (await client.get(f"/api/v1/tenants/{market.admin.tenant_id}")).json()["sub_user_limit"]
    assert limit == 2
    async with api_client(container, market.seller) as seller:
        created = [await seller.post(SUB_USERS, json=sub_user(f"Sub {n}")) for n in range(limit)]
        for response in created:
            assert response.status_code == 201, response.text
            sub = response.json()
            assert (sub["kind"], sub["partner_id"], sub["parent_user_id"], sub["tenant_id"]) == (
                "external",
                str(market.p1),
                str(market.seller.user_id),
                str(market.admin.tenant_id),
            )
        problem = assert_problem(await seller.post(SUB_USERS, json=sub_user("One too many")), 409, "sub-user-limit")
        assert str(limit) in problem["detail"]
        # the sub-users belong to the partner: the seller sees them, the buyer does not
        seen = {u["id"] for u in await listed(seller)}
    assert {r.json()["id"] for r in created} <= seen
    async with api_client(container, market.buyer) as buyer:
        assert not {r.json()["id"] for r in created} & {u["id"] for u in await listed(buyer)}
        # the limit is per partner user: the buyer still has its own allowance
        assert (await buyer.post(SUB_USERS, json=sub_user())).status_code == 201


async def test_a_sub_user_gets_the_roles_asked_for_and_signs_in_by_otp(
    container: Container, market: Marketplace, client: httpx.AsyncClient
) -> None:
    body = sub_user("Narrow", ["partner_user"])
    async with api_client(container, market.seller) as seller:
        created = await seller.post(SUB_USERS, json=body)
    assert created.status_code == 201, created.text
    sub_id = created.json()["id"]
    held = (await client.get("/api/v1/role-assignments", params={"user_id": sub_id})).json()["items"]
    partner_user = await h.role_id(container, market.admin, "partner_user")
    assert [(a["role_id"], a["granted_by"]) for a in held] == [(str(partner_user), str(market.seller.user_id))]

    pair = await h.otp_sign_in_over_http(container, body["mobile"])
    sub = Actor(uuid.UUID(sub_id), market.admin.tenant_id, body["mobile"], pair.access_token, pair.refresh_token)
    async with api_client(container, sub) as c:
        me = (await c.get("/api/v1/me")).json()
        assert (me["roles"], me["permissions"]) == (["partner_user"], sorted(PARTNER_USER_PERMISSIONS))
        assert me["user"]["parent_user_id"] == str(market.seller.user_id)
        assert_problem(await c.get(USERS), 403, "forbidden")


async def test_a_sub_user_without_named_roles_gets_all_of_its_parents(
    container: Container, market: Marketplace, client: httpx.AsyncClient
) -> None:
    async with api_client(container, market.seller) as seller:
        created = await seller.post(SUB_USERS, json=sub_user())
    assert created.status_code == 201, created.text
    held = (await client.get("/api/v1/role-assignments", params={"user_id": created.json()["id"]})).json()["items"]
    partner_user = await h.role_id(container, market.admin, "partner_user")
    assert {a["role_id"] for a in held} == {str(partner_user), str(market.directory_role)}


async def test_a_sub_user_cannot_create_sub_users(container: Container, market: Marketplace) -> None:
    body = sub_user("Sub")
    async with api_client(container, market.seller) as seller:
        assert (await seller.post(SUB_USERS, json=body)).status_code == 201
    pair = await h.otp_sign_in(container, body["mobile"])
    sub = Actor(uuid.uuid4(), market.admin.tenant_id, body["mobile"], pair.access_token, pair.refresh_token)
    async with api_client(container, sub) as c:
        problem = assert_problem(await c.post(SUB_USERS, json=sub_user("Grandchild")), 403, "forbidden")
    assert "sub-user" in problem["detail"]


async def test_an_internal_user_cannot_create_sub_users(container: Container, client: httpx.AsyncClient) -> None:
    problem = assert_problem(await client.post(SUB_USERS, json=sub_user()), 403, "forbidden")
    assert "partner" in problem["detail"]


async def test_a_sub_user_cannot_get_a_role_its_parent_lacks(
    container: Container, market: Marketplace, client: httpx.AsyncClient
) -> None:
    async with api_client(container, market.seller) as seller:
        for roles in (["back_office"], ["partner_user", "tenant_admin"], ["no_such_role"]):
            problem = assert_problem(await seller.post(SUB_USERS, json=sub_user("Greedy", roles)), 403, "forbidden")
            assert roles[-1] in problem["detail"]
    names = {u["full_name"] for u in await listed(client)}
    assert "Greedy" not in names
