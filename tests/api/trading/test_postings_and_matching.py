"""Postings and matching through the API on real PostgreSQL: the happy path, bad input, duplicates,
tenant and partner isolation, and the events in the outbox."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.modules.trading.infrastructure.tables import outbox
from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.trading import helpers as t


async def _wire_names(container: Container, aggregate_id: str) -> list[str]:
    statement = select(outbox.c.wire_name).where(outbox.c.aggregate_id == aggregate_id).order_by(outbox.c.seq)
    async with container.session_factory() as session:
        return list((await session.execute(statement)).scalars())


async def test_publish_and_match_explains_each_match_anonymously(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container
) -> None:
    m = await t.market(client, back_office)
    await container.relay.drain()  # risk learns the approved partners' credit limits
    near = await t.published(client, t.AVAILABILITIES, t.availability(m))
    await t.published(client, t.AVAILABILITIES, t.availability(m, m.second_seller, price="63000"))  # above max
    requirement = await t.published(client, t.REQUIREMENTS, t.requirement(m))

    assert (near["status"], near["total"], near["unit"]) == ("active", "17000", "KG")
    matched = t.ok(await client.post(f"{t.REQUIREMENTS}/{requirement['id']}/match"))
    listed = t.ok(await client.get(f"{t.REQUIREMENTS}/{requirement['id']}/matches"))

    assert [item["token"] for item in listed["items"]] == [item["token"] for item in matched["items"]]
    (only,) = listed["items"]
    assert only["token"].startswith("M-")
    assert not {"seller_partner_id", "availability_id"} & set(only)
    assert (only["offer"]["price"], only["offer"]["ship_from_state"]) == ("60000", "24")
    assert any(reason.startswith("delivery:") for reason in only["reasons"])
    assert isinstance(only["score"], str)
    assert 0 < float(only["score"]) <= 1
    assert await _wire_names(container, near["id"]) == ["trading.availability_published.v1"]
    assert await _wire_names(container, requirement["id"]) == [
        "trading.requirement_published.v1",
        "trading.match_found.v1",
    ]


async def test_quality_outside_the_spec_is_a_422_naming_parameter_bound_and_value(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    m = await t.market(client, back_office)
    body = t.availability(m, quality={**t.QUALITY, "micronaire": "6.1"})

    problem = assert_problem(await client.post(t.AVAILABILITIES, json=body), 422, "invalid-quality")

    assert problem["violations"] == [{"parameter": "micronaire", "bound": "max", "limit": "5.5", "value": "6.1"}]


async def test_bad_input_is_a_422_problem(client: httpx.AsyncClient, back_office: httpx.AsyncClient) -> None:
    m = await t.market(client, back_office)

    float_price = assert_problem(await client.post(t.AVAILABILITIES, json=t.availability(m, price=600.5)), 422)
    bad_unit = assert_problem(await client.post(t.AVAILABILITIES, json=t.availability(m, unit="TON")), 422)
    bad_order = t.requirement(m, min_quantity="300")

    assert "price" in error_fields(float_price)
    assert "unit" in error_fields(bad_unit)
    assert "preferred_quantity" in error_fields(assert_problem(await client.post(t.REQUIREMENTS, json=bad_order), 422))


async def test_a_seller_without_the_capability_is_refused(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    m = await t.market(client, back_office)

    problem = assert_problem(await client.post(t.AVAILABILITIES, json=t.availability(m, m.buyer)), 403)

    assert "domestic_sell" in problem["detail"]


async def test_an_identical_active_posting_the_same_day_is_a_409(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    m = await t.market(client, back_office)
    first = await t.published(client, t.AVAILABILITIES, t.availability(m))

    problem = assert_problem(await client.post(t.AVAILABILITIES, json=t.availability(m, quantity="100.00")), 409)

    assert problem["existing_id"] == first["id"]


async def test_another_tenants_posting_is_not_found(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container
) -> None:
    m = await t.market(client, back_office)
    posted = await t.published(client, t.AVAILABILITIES, t.availability(m))
    stranger = await h.new_tenant(container, "Guntur Traders")

    async with api_client(container, stranger) as other:
        assert_problem(await other.get(f"{t.AVAILABILITIES}/{posted['id']}"), 404)
        assert (await other.get(t.AVAILABILITIES)).json()["items"] == []


async def test_a_partner_user_sees_only_its_own_partners_postings(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container, admin: Actor
) -> None:
    m = await t.market(client, back_office)
    own = await t.published(client, t.AVAILABILITIES, t.availability(m))
    others = await t.published(client, t.AVAILABILITIES, t.availability(m, m.second_seller))
    user = await h.external_user(container, admin, uuid.UUID(m.seller.id), "partner_user")

    async with api_client(container, user) as partner_client:
        listed = t.ok(await partner_client.get(t.AVAILABILITIES))
        assert [item["id"] for item in listed["items"]] == [own["id"]]
        assert_problem(await partner_client.get(f"{t.AVAILABILITIES}/{others['id']}"), 404)
        assert t.ok(await partner_client.get(f"{t.AVAILABILITIES}/{own['id']}"))["id"] == own["id"]
