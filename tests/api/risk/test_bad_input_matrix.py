"""Bad input on every risk endpoint: malformed ids, missing or broken bodies, wrong types and values out
of range, each a 422 problem+json naming the field; refused input writes nothing. Unknown partners
and changes are a 404; a decided change is a 409 naming its decision, and changes nothing."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.actors import api_client
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.risk import endpoints as r
from tests.api.risk.conftest import Desk
from tests.api.trading import endpoints as e
from tests.api.trading import world

VALIDATION = "request-validation-failed"
NOT_JSON = {"content": b'{"reason": ', "headers": {"content-type": "application/json"}}


@pytest.mark.parametrize("endpoint", **e.named(r.BY_PARTNER))
async def test_malformed_ids_and_bodies_are_422_naming_what_is_wrong(
    client: httpx.AsyncClient, endpoint: e.Endpoint
) -> None:
    for param in endpoint.params:
        url = endpoint.url(**{param: "12345"})
        problem = assert_problem(await client.request(endpoint.method, url, json=endpoint.body), 422, VALIDATION)
        assert error_fields(problem) == {f"path.{param}"}, problem
    if endpoint.body is None:
        return
    url = endpoint.url()
    assert error_fields(assert_problem(await client.request(endpoint.method, url), 422, VALIDATION)) == {"body"}
    assert_problem(await client.request(endpoint.method, url, **NOT_JSON), 422, VALIDATION)  # type: ignore[arg-type]
    assert_problem(await client.request(endpoint.method, url, json=[endpoint.body]), 422, VALIDATION)
    surprise = assert_problem(
        await client.request(endpoint.method, url, json={**endpoint.body, "currency": "USD"}), 422
    )
    assert error_fields(surprise) == {"currency"}


async def _request(client: httpx.AsyncClient, partner: uuid.UUID) -> str:
    response = await client.post(r.CHANGES.format(partner_id=partner), json={"new_amount": "2500000", "reason": "x"})
    assert response.status_code == 201, response.text
    change_id: str = response.json()["id"]
    return change_id


def _names(response: httpx.Response, fields: set[str], code: str | None = VALIDATION) -> None:
    problem = assert_problem(response, 422, code)
    assert error_fields(problem) == fields, problem.get("errors")


async def test_refused_input_is_a_422_naming_the_field_and_writes_nothing(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    checker = await h.internal_user(desk.container, desk.admin, "risk_manager")
    ids = {"partner_id": desk.buyer, "change_id": await _request(client, desk.buyer)}
    before = await world.snapshot(desk.container, desk.tenant, r.RISK_TABLES)
    failures = e.Failures()
    async with api_client(desk.container, checker) as decider:
        for endpoint in (x for x in r.ENDPOINTS if x.bad_values):
            caller = decider if endpoint.permission == "risk.approve_limit_change" else client
            assert endpoint.body is not None
            for field, value, named in endpoint.bad_values:
                response = await caller.post(endpoint.url(**ids), json={**endpoint.body, field: value})
                failures.check(f"{endpoint} {field}={value!r}", _names, response, {named})
        # refused by the rules once the schema accepted them
        for partner, body, field in (
            (desk.seller, {"new_amount": "-1", "reason": "x"}, "new_amount"),
            (desk.seller, {"new_amount": "5", "reason": "   "}, "reason"),
            (desk.buyer, {"new_amount": "1000000.00", "reason": "x"}, "new_amount"),  # the limit as it is
        ):
            response = await client.post(r.CHANGES.format(partner_id=partner), json=body)
            failures.check(body, _names, response, {field}, "invalid-risk-input")
        reject = r.CHANGES.format(partner_id=desk.buyer) + f"/{ids['change_id']}/reject"
        failures.check("blank", _names, await decider.post(reject, json={"reason": "  "}), {"reason"}, None)
    assert not failures, "\n".join(failures)
    assert world.changed(before, await world.snapshot(desk.container, desk.tenant, r.RISK_TABLES)) == []


async def test_unknown_partners_and_changes_are_a_404_everywhere(client: httpx.AsyncClient, desk: Desk) -> None:
    failures = e.Failures()
    for endpoint in r.BY_PARTNER:
        response = await client.request(endpoint.method, endpoint.url(), json=endpoint.body)
        failures.check(f"unknown partner {endpoint}", assert_problem, response, 404, "risk-record-not-found")
    for endpoint in (x for x in r.BY_PARTNER if "change_id" in x.params):
        response = await client.post(endpoint.url(partner_id=desk.buyer), json=endpoint.body)
        failures.check(f"unknown change {endpoint}", assert_problem, response, 404, "credit-change-not-found")
    # a change of another partner is unknown on this one's limit
    change_id = await _request(client, desk.buyer)
    for endpoint in (x for x in r.BY_PARTNER if "change_id" in x.params):
        response = await client.post(endpoint.url(partner_id=desk.seller, change_id=change_id), json=endpoint.body)
        failures.check(f"other partner's change {endpoint}", assert_problem, response, 404, "credit-change-not-found")
    assert not failures, "\n".join(failures)


async def test_a_decided_change_is_a_409_naming_its_decision_and_nothing_changes(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    checker = await h.internal_user(desk.container, desk.admin, "risk_manager")
    change_id = await _request(client, desk.buyer)
    url = r.CHANGES.format(partner_id=desk.buyer) + f"/{change_id}"
    async with api_client(desk.container, checker) as decider:
        assert (await decider.post(f"{url}/reject", json={"reason": "no history yet"})).status_code == 200
        before = await world.snapshot(desk.container, desk.tenant, r.RISK_TABLES)
        problem = assert_problem(await decider.post(f"{url}/approve"), 409, "credit-change-already-decided")
        assert (problem["change_id"], problem["change_status"]) == (change_id, "rejected")
        assert "rejected" in problem["detail"]
        again = await decider.post(f"{url}/reject", json={"reason": "still no"})  # the same decision: a no-op
        assert again.status_code == 200, again.text
    assert world.changed(before, await world.snapshot(desk.container, desk.tenant, r.RISK_TABLES)) == []
