"""Bad input on every trading endpoint: malformed ids, missing or broken bodies, wrong types, values out
of range and unknown enum values, bad list queries; each a 422 problem+json naming the field. Unknown
ids are a 404 everywhere. On live resources, refused input writes nothing at all."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from backend.app.bootstrap import Container
from tests.actors import Actor
from tests.api.helpers import assert_problem, error_fields
from tests.api.trading import deal_helpers as d
from tests.api.trading import endpoints as e
from tests.api.trading import helpers as t
from tests.api.trading import world

VALIDATION = "request-validation-failed"
# a match token is at most 64 letters, digits, "-" and "_" (%00 arrives as a NUL); every other id is a UUID
MALFORMED_IDS = {"match": ("M-" + "x" * 63, "M-%00abc", "M-a.b")}
NOT_JSON = {"content": b'{"reason": "unterminated', "headers": {"content-type": "application/json"}}


@pytest.mark.parametrize("endpoint", **e.named(tuple(x for x in e.ENDPOINTS if x.params or x.body)))
async def test_malformed_ids_and_bodies_are_422_naming_what_is_wrong(
    client: httpx.AsyncClient, endpoint: e.Endpoint
) -> None:
    for param in endpoint.params:
        for malformed in MALFORMED_IDS.get(param, ("not-a-uuid", "1234")):
            url = endpoint.url(**{param: malformed})
            problem = assert_problem(await client.request(endpoint.method, url, json=endpoint.body), 422, VALIDATION)
            assert error_fields(problem) == {f"path.{param}"}, problem
    if endpoint.body is None:
        return
    url = endpoint.url()
    if endpoint.body_required:
        assert error_fields(assert_problem(await client.request(endpoint.method, url), 422, VALIDATION)) == {"body"}
    assert_problem(await client.request(endpoint.method, url, **NOT_JSON), 422, VALIDATION)  # type: ignore[arg-type]
    assert_problem(await client.request(endpoint.method, url, json=[endpoint.body]), 422, VALIDATION)
    surprise = assert_problem(await client.request(endpoint.method, url, json={**endpoint.body, "surprise": 1}), 422)
    assert error_fields(surprise) == {"surprise"}


@pytest.mark.parametrize("endpoint", **e.named(tuple(x for x in e.ENDPOINTS if x.bad_values)))
async def test_wrong_types_out_of_range_and_unknown_values_are_422_naming_the_field(
    client: httpx.AsyncClient, endpoint: e.Endpoint
) -> None:
    assert endpoint.body is not None
    failures = e.Failures()
    for field, value, named in endpoint.bad_values:
        response = await client.request(endpoint.method, endpoint.url(), json={**endpoint.body, field: value})
        failures.check(f"{field}={value!r}", _names, response, named)
    assert not failures, "\n".join(failures)


def _names(response: httpx.Response, field: str) -> None:
    problem = assert_problem(response, 422, VALIDATION)
    assert error_fields(problem) == {field}, problem["errors"]


BAD_QUERIES: tuple[tuple[dict[str, Any], str], ...] = (
    ({"limit": 0}, "query.limit"),
    ({"limit": 201}, "query.limit"),
    ({"limit": "ten"}, "query.limit"),
    ({"cursor": "c" * 513}, "query.cursor"),
    ({"status": "shipped"}, "query.status"),  # not one of the listed resource's statuses
    ({"status": "s" * 31}, "query.status"),
)
BAD_CURSORS = ("not-a-cursor!", "eyJhZnRlciI6ICJ4In0")  # the second decodes to {"after": "x"}
BAD_FILTERS = ({"partner_id": "gin-7"}, "query.partner_id"), ({"commodity_id": "cotton"}, "query.commodity_id")


@pytest.mark.parametrize("endpoint", **e.named(e.LISTS))
async def test_bad_list_queries_are_422_naming_the_parameter(client: httpx.AsyncClient, endpoint: e.Endpoint) -> None:
    postings = endpoint.path in (t.AVAILABILITIES, t.REQUIREMENTS)
    failures = e.Failures()
    for params, field in BAD_QUERIES + (BAD_FILTERS if postings else ()):
        response = await client.get(endpoint.path, params=params)
        failures.check(params, _names_query, response, VALIDATION, field)
    for cursor in BAD_CURSORS:
        failures.check(
            cursor, _names_query, await client.get(endpoint.path, params={"cursor": cursor}), "invalid-cursor"
        )
    assert not failures, "\n".join(failures)


def _names_query(response: httpx.Response, code: str, field: str = "query.cursor") -> None:
    assert error_fields(assert_problem(response, 422, code)) == {field}


async def test_matches_refuse_a_flag_that_is_not_a_boolean(client: httpx.AsyncClient) -> None:
    url = f"{t.REQUIREMENTS}/{uuid.uuid4()}/matches"
    problem = assert_problem(await client.get(url, params={"include_closed": "perhaps"}), 422, VALIDATION)
    assert error_fields(problem) == {"query.include_closed"}


async def test_unknown_ids_are_a_404_problem_everywhere(client: httpx.AsyncClient) -> None:
    failures = e.Failures()
    for endpoint in e.BY_ID:
        response = await client.request(endpoint.method, endpoint.url(match="M-unknown"), json=endpoint.body)
        code = "posting-not-found" if endpoint.path.startswith(("/api/v1/avail", "/api/v1/req")) else "deal-not-found"
        failures.check(endpoint, assert_problem, response, 404, code)
    assert not failures, "\n".join(failures)


async def test_refused_input_on_live_resources_is_a_422_naming_fields_and_writes_nothing(
    client: httpx.AsyncClient, market: t.Market, container: Container, admin: Actor
) -> None:
    w = await world.build(client, market)
    m = market
    before = await world.snapshot(container, admin.tenant_id)
    failures = e.Failures()
    for endpoint in e.WITH_BODY:
        body = world.body_for(endpoint, w) or endpoint.body or {}
        for field, value, named in endpoint.bad_values:
            response = await client.request(endpoint.method, endpoint.url(**w.ids), json={**body, field: value})
            failures.check(f"{endpoint} {field}={value!r}", _names, response, named)
    offers = f"{d.NEGOTIATIONS}/{w.negotiation['id']}/offers"
    offer = f"{offers}/{w.offer_id}"
    trade = f"{d.TRADES}/{w.trade['id']}"
    seller_place, buyer_place = m.seller.location_id, m.buyer.location_id
    sign = world.body_for(e.find("POST", "/signatures"), w) or {}
    # refused by the use cases, after the schema accepted them
    for url, body, fields in (
        (t.AVAILABILITIES, t.availability(m, quantity="-5"), {"quantity"}),
        (t.AVAILABILITIES, t.availability(m, unit="TON"), {"unit"}),
        (t.AVAILABILITIES, t.availability(m, available_until="2020-01-01"), {"available_until"}),
        (t.AVAILABILITIES, t.availability(m, ship_from_location_id=buyer_place), {"ship_from_location_id"}),
        (t.AVAILABILITIES, t.availability(m, commodity_id=str(uuid.uuid4())), {"commodity_id"}),
        (t.AVAILABILITIES, t.availability(m, quality={**t.QUALITY, "micronaire": "9"}), {"quality.micronaire"}),
        (t.REQUIREMENTS, t.requirement(m, min_quantity="300"), {"preferred_quantity"}),
        (t.REQUIREMENTS, t.requirement(m, buyer_partner_id=str(uuid.uuid4())), {"buyer_partner_id"}),
        (
            t.REQUIREMENTS,
            t.requirement(m, delivery_points=[{"location_id": seller_place, "max_distance_km": "10"}]),
            {"delivery_points.0.location_id"},
        ),
        (offers, d.offer_body(m.buyer.id, price="-1"), {"price"}),
        (offers, d.offer_body(m.buyer.id, bales="101"), {"quantity"}),
        (offers, d.offer_body(None), {"acting_for_partner_id"}),
        (f"{offer}/accept", {}, {"acting_for_partner_id"}),
        (f"{offer}/reject", {"reason": "too dear"}, {"acting_for_partner_id"}),
        (f"{d.NEGOTIATIONS}/{w.negotiation['id']}/withdraw", {}, {"acting_for_partner_id"}),
        (f"{trade}/status", {"status": "cancelled"}, {"reason"}),
        (f"{trade}/amendments/{w.amendment['id']}/approve", {}, {"acting_for_partner_id"}),
        (
            f"{trade}/amendments/{w.amendment['id']}/reject",
            {"reason": "   ", "acting_for_partner_id": m.seller.id},
            {"reason"},
        ),
        (f"{trade}/contract/signatures", {**sign, "acting_for_partner_id": None}, {"acting_for_partner_id"}),
    ):
        failures.check(f"{url} {body}", _refused, await client.post(url, json=body), fields)
    assert not failures, "\n".join(failures)
    assert world.changed(before, await world.snapshot(container, admin.tenant_id)) == []


def _refused(response: httpx.Response, fields: set[str]) -> None:
    problem = assert_problem(response, 422)
    assert error_fields(problem) == fields, problem


async def test_a_window_up_to_the_last_day_there_is_is_accepted(client: httpx.AsyncClient, market: t.Market) -> None:
    last = "9999-12-30"  # its end (the next local midnight) exists in every time zone; the next day's does not
    created = t.ok(await client.post(t.AVAILABILITIES, json=t.availability(market, available_until=last)), 201)
    assert created["available_until"] == last
    wanted = t.ok(await client.post(t.REQUIREMENTS, json=t.requirement(market, delivery_until=last)), 201)
    assert wanted["delivery_until"] == last
