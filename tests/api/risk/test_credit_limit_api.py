"""Credit limits over HTTP: the limit with its history, and maker-checker changes (request, approve,
reject) with every error path and the events in the outbox."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.actors import Actor, api_client
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.risk.conftest import Desk


def _limit(partner: uuid.UUID) -> str:
    return f"/api/v1/risk/partners/{partner}/credit-limit"


def _changes(partner: uuid.UUID, change: uuid.UUID | str | None = None, action: str = "") -> str:
    return f"{_limit(partner)}/changes" + ("" if change is None else f"/{change}/{action}")


@pytest.fixture
async def checker(desk: Desk) -> Actor:
    return await h.internal_user(desk.container, desk.admin, "risk_manager")


async def _request(client: httpx.AsyncClient, partner: uuid.UUID, amount: str = "2500000") -> dict[str, Any]:
    response = await client.post(_changes(partner), json={"new_amount": amount, "reason": "new season"})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_limit_reads_with_its_history(client: httpx.AsyncClient, desk: Desk) -> None:
    response = await client.get(_limit(desk.buyer))
    assert response.status_code == 200, response.text
    body = response.json()
    assert response.headers["etag"] == f'"{body["version"]}"'
    assert (body["partner_id"], body["amount"], body["currency"], body["source"]) == (
        str(desk.buyer),
        "1000000",
        "INR",
        "recommended_on_approval",
    )
    [first] = body["history"]
    assert (first["status"], first["old_amount"], first["new_amount"]) == ("approved", None, "1000000")
    assert (await client.get(_limit(desk.seller))).json()["amount"] is None
    assert_problem(await client.get(_limit(uuid.uuid4())), 404, "risk-record-not-found")


async def test_a_change_is_requested_and_approved_by_another_user(
    client: httpx.AsyncClient, desk: Desk, checker: Actor
) -> None:
    change = await _request(client, desk.buyer)
    assert (change["status"], change["old_amount"], change["new_amount"], change["requested_by"]) == (
        "pending",
        "1000000",
        "2500000",
        str(desk.admin.user_id),
    )
    assert (await client.get(_limit(desk.buyer))).json()["pending_change_id"] == change["id"]
    problem = assert_problem(await client.post(_changes(desk.buyer, change["id"], "approve")), 403, "maker-checker")
    assert "another user" in problem["detail"]

    async with api_client(desk.container, checker) as c:
        approved = await c.post(_changes(desk.buyer, change["id"], "approve"))
        assert approved.status_code == 200, approved.text
        again = await c.post(_changes(desk.buyer, change["id"], "approve"))
        assert again.status_code == 200
        decided = assert_problem(
            await c.post(_changes(desk.buyer, change["id"], "reject"), json={"reason": "no"}),
            409,
            "credit-change-already-decided",
        )
        assert decided["change_status"] == "approved"
    body = approved.json()
    assert (body["amount"], body["source"], body["pending_change_id"], body["version"]) == (
        "2500000",
        "manual",
        None,
        3,
    )
    assert again.json()["version"] == 3
    assert body["history"][-1]["decided_by"] == str(checker.user_id)

    [requested] = await desk.outbox("risk.credit_limit_change_requested.v1")
    assert (requested["new_limit"], requested["reason"], requested["actor_id"]) == (
        "2500000",
        "new season",
        str(desk.admin.user_id),
    )
    changed = await desk.outbox("risk.credit_limit_changed.v1")
    assert [(c["source"], c["new_limit"]) for c in changed if c["partner_id"] == str(desk.buyer)][-1] == (
        "manual",
        "2500000",
    )


async def test_a_change_is_rejected_with_a_reason(client: httpx.AsyncClient, desk: Desk, checker: Actor) -> None:
    change = await _request(client, desk.seller, "50000")
    conflict = assert_problem(await client.post(_changes(desk.seller), json={"new_amount": "7", "reason": "x"}), 409)
    assert conflict["type"].endswith("credit-change-pending")
    assert conflict["change_id"] == change["id"]
    async with api_client(desk.container, checker) as c:
        blank = assert_problem(await c.post(_changes(desk.seller, change["id"], "reject"), json={"reason": ""}), 422)
        assert error_fields(blank) == {"reason"}
        rejected = await c.post(_changes(desk.seller, change["id"], "reject"), json={"reason": "no history yet"})
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["amount"], rejected.json()["history"][-1]["status"]) == (None, "rejected")
    [event] = await desk.outbox("risk.credit_limit_change_rejected.v1")
    assert (event["reason"], event["rejected_by"]) == ("no history yet", str(checker.user_id))


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"new_amount": 2500000.5, "reason": "float"}, {"new_amount"}),
        ({"new_amount": "abc", "reason": "text"}, {"new_amount"}),
        ({"new_amount": "1e40", "reason": "huge"}, {"new_amount"}),
        ({"new_amount": "100"}, {"reason"}),
        ({"new_amount": "100", "reason": "x", "currency": "USD"}, {"currency"}),
    ],
)
async def test_malformed_requests_are_422_naming_the_field(
    client: httpx.AsyncClient, desk: Desk, body: dict[str, Any], fields: set[str]
) -> None:
    problem = assert_problem(await client.post(_changes(desk.buyer), json=body), 422, "request-validation-failed")
    assert error_fields(problem) == fields


async def test_business_rule_violations_are_422_naming_the_field(client: httpx.AsyncClient, desk: Desk) -> None:
    negative = assert_problem(
        await client.post(_changes(desk.buyer), json={"new_amount": "-1", "reason": "x"}), 422, "invalid-risk-input"
    )
    assert error_fields(negative) == {"new_amount"}
    same = assert_problem(
        await client.post(_changes(desk.buyer), json={"new_amount": "1000000.00", "reason": "x"}), 422
    )
    assert error_fields(same) == {"new_amount"}
    blank = assert_problem(await client.post(_changes(desk.buyer), json={"new_amount": "5", "reason": "   "}), 422)
    assert error_fields(blank) == {"reason"}


async def test_unknown_changes_and_partners_are_404(client: httpx.AsyncClient, desk: Desk) -> None:
    assert_problem(await client.post(_changes(desk.buyer, uuid.uuid4(), "approve")), 404, "credit-change-not-found")
    assert_problem(
        await client.post(_changes(uuid.uuid4()), json={"new_amount": "5", "reason": "x"}), 404, "risk-record-not-found"
    )
    other = await h.new_tenant(desk.container, "Other Traders")
    async with api_client(desk.container, other) as outsider:
        assert_problem(
            await outsider.post(_changes(desk.buyer), json={"new_amount": "5", "reason": "x"}),
            404,
            "risk-record-not-found",
        )


async def test_deciding_and_requesting_need_their_permissions(desk: Desk) -> None:
    back_office = await h.internal_user(desk.container, desk.admin, "back_office")  # risk.read only
    partner = await h.external_user(desk.container, desk.admin, desk.buyer, "partner_user")
    for actor in (back_office, partner):
        async with api_client(desk.container, actor) as c:
            problem = assert_problem(await c.post(_changes(desk.buyer), json={"new_amount": "5", "reason": "x"}), 403)
            assert problem["permission"] == "risk.request_limit_change"
            problem = assert_problem(await c.post(_changes(desk.buyer, uuid.uuid4(), "approve")), 403)
            assert problem["permission"] == "risk.approve_limit_change"
