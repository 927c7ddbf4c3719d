"""``POST /api/v1/finance/receivables/{trade_id}/payments`` and ``POST .../payments/{id}/reversal``:
every refusal is problem+json and writes nothing; what is written is published in the outbox."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.actors import api_client
from tests.api.finance.conftest import Ledger, pay, payment_body, payments_url, reversal_url
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.fakes.risk_events import trade_cancelled

FUTURE = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()


async def test_a_payment_is_recorded_and_published(client: httpx.AsyncClient, ledger: Ledger) -> None:
    confirmed = await ledger.trade(amount="100000", gst="5000")
    body = await pay(client, confirmed.trade_id, "40000.50", reference=" hdfc-n5-001 ", method="rtgs")
    payment, receivable = body["payment"], body["receivable"]
    assert (payment["amount"], payment["currency"], payment["method"], payment["reference"]) == (
        "40000.5",
        "INR",
        "rtgs",
        "HDFC-N5-001",
    )
    assert (payment["recorded_by"], payment["reversed"]) == (str(ledger.admin.user_id), False)
    assert (receivable["invoice_amount"], receivable["paid"], receivable["outstanding"], receivable["status"]) == (
        "105000",
        "40000.5",
        "64999.5",
        "open",
    )
    [event] = await ledger.outbox()
    assert event["wire_name"] == "finance.payment_received.v1"
    assert (event["payment_id"], event["trade_id"], event["payer_partner_id"]) == (
        payment["id"],
        str(confirmed.trade_id),
        str(ledger.buyer),
    )
    assert (event["amount"], event["currency"], event["outstanding_after"], event["actor_id"]) == (
        "40000.5",
        "INR",
        "64999.5",
        str(ledger.admin.user_id),
    )


BAD_PAYMENTS: list[tuple[dict[str, Any], str]] = [
    ({"amount": "0"}, "amount"),
    ({"amount": "-1"}, "amount"),
    ({"amount": "10.001"}, "amount"),
    ({"amount": 10.5}, "amount"),  # a JSON float has lost digits already
    ({"amount": "ten"}, "amount"),
    ({"currency": "USD"}, "currency"),
    ({"currency": "inr"}, "currency"),
    ({"received_on": FUTURE}, "received_on"),
    ({"received_on": "30/11/2026"}, "received_on"),
    ({"method": "barter"}, "method"),
    ({"reference": ""}, "reference"),
    ({"reference": "UTR 12"}, "reference"),
    ({"reference": "X" * 65}, "reference"),
    ({"note": "extra"}, "note"),
]


@pytest.mark.parametrize(("change", "field"), BAD_PAYMENTS, ids=[f"{f}-{i}" for i, (_, f) in enumerate(BAD_PAYMENTS)])
async def test_bad_payments_are_422_naming_the_field_and_write_nothing(
    client: httpx.AsyncClient, ledger: Ledger, change: dict[str, Any], field: str
) -> None:
    confirmed = await ledger.trade()
    problem = assert_problem(await client.post(payments_url(confirmed.trade_id), json=payment_body(**change)), 422)
    assert field in error_fields(problem), problem
    missing = {k: v for k, v in payment_body().items() if k != "amount"}
    assert "amount" in error_fields(
        assert_problem(await client.post(payments_url(confirmed.trade_id), json=missing), 422)
    )
    assert_problem(await client.post("/api/v1/finance/receivables/not-a-uuid/payments", json=payment_body()), 422)
    assert await ledger.payment_count(confirmed.trade_id) == 0
    assert await ledger.outbox() == []


async def test_over_payment_is_422_naming_outstanding_and_amount(client: httpx.AsyncClient, ledger: Ledger) -> None:
    confirmed = await ledger.trade(amount="1000", gst="50")
    await pay(client, confirmed.trade_id, "50")
    problem = assert_problem(
        await client.post(payments_url(confirmed.trade_id), json=payment_body("1000.01")),
        422,
        "payment-exceeds-outstanding",
    )
    assert (problem["outstanding"], problem["amount"], problem["currency"]) == ("1000", "1000.01", "INR")
    assert error_fields(problem) == {"amount"}
    assert await ledger.payment_count(confirmed.trade_id) == 1


async def test_a_reference_twice_in_the_tenant_is_409_naming_the_payment(
    client: httpx.AsyncClient, ledger: Ledger
) -> None:
    first, second = await ledger.trade(), await ledger.trade()
    recorded = await pay(client, first.trade_id, "10", reference="CHQ-000777")
    problem = assert_problem(
        await client.post(payments_url(second.trade_id), json=payment_body("10", reference="chq-000777")),
        409,
        "duplicate-payment-reference",
    )
    assert (problem["payment_id"], problem["trade_id"], problem["reference"]) == (
        recorded["payment"]["id"],
        str(first.trade_id),
        "CHQ-000777",
    )
    assert await ledger.payment_count(second.trade_id) == 0


async def test_a_reference_held_outside_the_callers_branches_is_409_without_naming_it(ledger: Ledger) -> None:
    container, admin = ledger.container, ledger.admin
    north, south = await h.open_test_branch(container, admin), await h.open_test_branch(container, admin)
    theirs, ours = await ledger.trade(branch_id=south), await ledger.trade(branch_id=north)
    async with api_client(container, admin) as everyone:
        await pay(everyone, theirs.trade_id, "10", reference="UTR-SOUTH-0001")
    northern = await h.internal_user(container, admin, "finance", branch_ids=[north])
    async with api_client(container, northern) as c:
        response = await c.post(payments_url(ours.trade_id), json=payment_body("10", reference="UTR-SOUTH-0001"))
    problem = assert_problem(response, 409, "duplicate-payment-reference")
    assert problem["reference"] == "UTR-SOUTH-0001"
    assert {"payment_id", "trade_id"}.isdisjoint(problem)
    assert str(theirs.trade_id) not in problem["detail"]
    assert await ledger.payment_count(ours.trade_id) == 0


async def test_a_cancelled_trade_takes_no_payment(client: httpx.AsyncClient, ledger: Ledger) -> None:
    confirmed = await ledger.trade()
    await ledger.deliver(trade_cancelled(confirmed))
    assert_problem(
        await client.post(payments_url(confirmed.trade_id), json=payment_body()), 409, "receivable-cancelled"
    )
    receivable = (await client.get(f"/api/v1/finance/receivables/{confirmed.trade_id}")).json()
    assert (receivable["status"], receivable["payments"]) == ("cancelled", [])


async def test_a_retry_with_the_same_idempotency_key_writes_once(client: httpx.AsyncClient, ledger: Ledger) -> None:
    confirmed = await ledger.trade()
    key = {"Idempotency-Key": f"pay-{uuid.uuid4()}"}
    body = payment_body("500")
    first = await client.post(payments_url(confirmed.trade_id), json=body, headers=key)
    second = await client.post(payments_url(confirmed.trade_id), json=body, headers=key)
    assert (first.status_code, second.status_code, second.json()) == (201, 201, first.json())
    assert second.headers["idempotent-replayed"] == "true"
    assert await ledger.payment_count(confirmed.trade_id) == 1
    assert len(await ledger.outbox("finance.payment_received.v1")) == 1
    assert_problem(await client.post(payments_url(confirmed.trade_id), json=payment_body("501"), headers=key), 422)
    without_key = await client.post(payments_url(confirmed.trade_id), json=body)  # the rules refuse the repeat
    assert_problem(without_key, 409, "duplicate-payment-reference")


async def test_a_reversal_by_a_second_person_reopens_the_receivable_once(
    client: httpx.AsyncClient, ledger: Ledger
) -> None:
    confirmed = await ledger.trade(amount="1000", gst="0")
    recorded = await pay(client, confirmed.trade_id, "1000", method="cheque", reference="CHQ-1")
    assert recorded["receivable"]["status"] == "settled"
    url = reversal_url(recorded["payment"]["id"])
    maker_refused = assert_problem(await client.post(url, json={"reason": "bounced"}), 403, "maker-checker")
    assert "another user" in maker_refused["detail"]

    checker = await h.internal_user(ledger.container, ledger.admin, "finance")
    async with api_client(ledger.container, checker) as finance:
        for bad in ({}, {"reason": ""}, {"reason": "x" * 1001}, {"reason": "ok", "extra": 1}):
            assert_problem(await finance.post(url, json=bad), 422)
        reversed_ = await finance.post(url, json={"reason": "cheque returned unpaid"})
        assert reversed_.status_code == 201, reversed_.text
        body = reversed_.json()
        assert (body["payment"]["reversed"], body["payment"]["reversal_reason"]) == (True, "cheque returned unpaid")
        assert (body["payment"]["reversed_by"], body["receivable"]["status"]) == (str(checker.user_id), "open")
        assert body["receivable"]["outstanding"] == "1000"
        assert_problem(await finance.post(url, json={"reason": "again"}), 409, "payment-already-reversed")
        assert_problem(await finance.post(reversal_url(uuid.uuid4()), json={"reason": "x"}), 404, "payment-not-found")
    names = [e["wire_name"] for e in await ledger.outbox()]
    assert names == [
        "finance.payment_received.v1",
        "finance.receivable_settled.v1",
        "finance.payment_reversed.v1",
        "finance.receivable_reopened.v1",
    ]
    [reversal] = await ledger.outbox("finance.payment_reversed.v1")
    assert (reversal["payment_id"], reversal["amount"], reversal["outstanding_after"]) == (
        recorded["payment"]["id"],
        "1000",
        "1000",
    )


async def test_another_tenant_can_neither_pay_nor_reverse(client: httpx.AsyncClient, ledger: Ledger) -> None:
    confirmed = await ledger.trade()
    recorded = await pay(client, confirmed.trade_id, "10")
    other = await h.new_tenant(ledger.container, "Other Traders")
    async with api_client(ledger.container, other) as outsider:
        assert_problem(
            await outsider.post(payments_url(confirmed.trade_id), json=payment_body()), 404, "receivable-not-found"
        )
        assert_problem(
            await outsider.post(reversal_url(recorded["payment"]["id"]), json={"reason": "mine"}),
            404,
            "payment-not-found",
        )
    assert await ledger.payment_count(confirmed.trade_id) == 1


async def test_who_may_record_and_reverse(ledger: Ledger) -> None:
    confirmed = await ledger.trade()
    container, admin = ledger.container, ledger.admin
    back_office = await h.internal_user(container, admin, "back_office")
    async with api_client(container, back_office) as c:
        recorded = await pay(c, confirmed.trade_id, "10")
        problem = assert_problem(
            await c.post(reversal_url(recorded["payment"]["id"]), json={"reason": "x"}), 403, "forbidden"
        )
        assert problem["permission"] == "finance.reverse_payments"
    for role in ("trader", "risk_manager", "compliance_officer"):
        user = await h.internal_user(container, admin, role)
        async with api_client(container, user) as c:
            problem = assert_problem(await c.post(payments_url(confirmed.trade_id), json=payment_body()), 403)
            assert problem["permission"] == "finance.record_payments", role
    partner = await h.external_user(container, admin, ledger.buyer, "partner_user")
    async with api_client(container, partner) as c:
        assert_problem(await c.post(payments_url(confirmed.trade_id), json=payment_body()), 403)
        assert_problem(await c.post(reversal_url(recorded["payment"]["id"]), json={"reason": "x"}), 403)
    async with api_client(container) as anonymous:
        assert_problem(await anonymous.post(payments_url(confirmed.trade_id), json=payment_body()), 401)
    assert await ledger.payment_count(confirmed.trade_id) == 1
