"""Amendments to approved partners: requested by one person, decided by another, old and new values kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from backend.app.bootstrap import Container
from tests.api.helpers import assert_problem, error_fields
from tests.api.partners import helpers as p
from tests.api.partners.conftest import StaffClient

NEW_BANK = p.bank(holder_name="Unique Traders", account_number="60200098765432", ifsc="ICIC0000104")


def bank_change(**overrides: Any) -> dict[str, Any]:
    return {"kind": "bank_change", "bank_account": {**NEW_BANK, **overrides}}


async def user_id(client: httpx.AsyncClient) -> str:
    return str(p.ok(await client.get("/api/v1/me"))["user"]["id"])


async def test_a_bank_change_needs_a_second_person(
    container: Container, client: httpx.AsyncClient, staff: StaffClient
) -> None:
    trader, checker = await staff("trader"), await staff("back_office")
    partner = await p.approved(client, checker)
    url = f"{p.URL}/{partner['id']}/amendments"

    response = await trader.post(url, json=bank_change())
    requested = p.ok(response, 201)
    assert response.headers["location"] == f"{url}/{requested['id']}"
    assert (requested["kind"], requested["status"], requested["partner_code"]) == (
        "bank_change",
        "pending",
        "BP-IN-0001",
    )
    assert requested["requested_by"] == await user_id(trader)
    old, new = requested["old_value"], requested["new_value"]
    assert (old["ifsc"], old["account_number"], old["primary"]) == ("HDFC0000001", "**********5678", True)
    assert (new["ifsc"], new["account_number"]) == ("ICIC0000104", "**********5432")
    # nothing changes before the approval
    assert len(p.ok(await client.get(f"{p.URL}/{partner['id']}"))["bank_accounts"]) == 1
    # the requester may not decide: a trader holds no approval permission
    assert_problem(await trader.post(f"{url}/{requested['id']}/approve"), 403)

    approved = p.ok(await checker.post(f"{url}/{requested['id']}/approve"))
    assert (approved["status"], approved["decided_by"]) == ("approved", await user_id(checker))
    assert (approved["old_value"], approved["new_value"]) == (old, new)
    accounts = p.ok(await client.get(f"{p.URL}/{partner['id']}"))["bank_accounts"]
    assert [(a["ifsc"], a["primary"]) for a in accounts] == [("HDFC0000001", False), ("ICIC0000104", True)]
    # idempotent; and what is approved cannot be rejected
    assert p.ok(await checker.post(f"{url}/{requested['id']}/approve"))["version"] == approved["version"]
    body = assert_problem(
        await checker.post(f"{url}/{requested['id']}/reject", json={"reason": "changed my mind"}),
        409,
        "amendment-already-decided",
    )
    assert body["amendment_status"] == "approved"

    [listed] = p.ok(await trader.get(url))["items"]
    assert (listed["id"], listed["status"], listed["old_value"], listed["new_value"]) == (
        requested["id"],
        "approved",
        old,
        new,
    )
    names = await p.wire_names(container, partner["id"])
    assert names[-2:] == ["partners.amendment_requested.v1", "partners.amendment_approved.v1"]
    [published] = await p.events(container, partner["id"], "partners.amendment_approved.v1")
    assert (published["old_value"]["ifsc"], published["new_value"]["ifsc"]) == ("HDFC0000001", "ICIC0000104")
    assert "60200098765432" not in str(published)  # account numbers never leave in full


async def test_the_requester_cannot_approve_or_reject_its_own_amendment(
    client: httpx.AsyncClient, staff: StaffClient
) -> None:
    maker, checker = await staff("back_office"), await staff("back_office")
    partner = await p.approved(client, checker)
    url = f"{p.URL}/{partner['id']}/amendments"
    change = {"kind": "contact_change", "contact": p.contact(full_name="Ravi Kulkarni")}
    amendment = p.ok(await maker.post(url, json=change), 201)
    assert amendment["old_value"] is None  # a new contact replaces nobody
    assert_problem(await maker.post(f"{url}/{amendment['id']}/approve"), 403, "maker-checker")
    assert_problem(await maker.post(f"{url}/{amendment['id']}/reject", json={"reason": "typo"}), 403, "maker-checker")
    rejected = p.ok(await checker.post(f"{url}/{amendment['id']}/reject", json={"reason": "Not a partner employee"}))
    assert (rejected["status"], rejected["reason"]) == ("rejected", "Not a partner employee")
    body = assert_problem(await checker.post(f"{url}/{amendment['id']}/approve"), 409, "amendment-already-decided")
    assert body["amendment_status"] == "rejected"
    assert len(p.ok(await client.get(f"{p.URL}/{partner['id']}"))["contacts"]) == 1


async def test_contact_location_and_credit_limit_changes(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.approved(client, back_office)
    url = f"{p.URL}/{partner['id']}/amendments"
    [contact] = partner["contacts"]
    replacement = p.contact(full_name="Asha Patil-Kulkarni")
    change = {"kind": "contact_change", "contact_id": contact["id"], "contact": replacement}
    amendment = p.ok(await client.post(url, json=change), 201)
    assert amendment["old_value"]["full_name"] == "Asha Patil"
    p.ok(await back_office.post(f"{url}/{amendment['id']}/approve"))
    [changed] = p.ok(await client.get(f"{p.URL}/{partner['id']}"))["contacts"]
    assert (changed["id"], changed["full_name"]) == (contact["id"], "Asha Patil-Kulkarni")

    branch = p.branch_in_karnataka()
    amendment = p.ok(await client.post(url, json={"kind": "new_location", "location": branch}), 201)
    p.ok(await back_office.post(f"{url}/{amendment['id']}/approve"))
    locations = p.ok(await client.get(f"{p.URL}/{partner['id']}"))["locations"]
    assert [loc["gstin"] for loc in locations] == [p.GSTIN_MH, branch["gstin"]]

    limit = p.ok(await client.post(url, json={"kind": "credit_limit_change", "amount": "4500000"}), 201)
    assert limit["old_value"] == {"amount": "3000000.00", "currency": "INR"}
    assert limit["new_value"] == {"amount": "4500000", "currency": "INR"}
    p.ok(await back_office.post(f"{url}/{limit['id']}/approve"))
    published = (await p.events(container, partner["id"], "partners.amendment_approved.v1"))[-1]
    assert (Decimal(published["credit_limit"]), published["currency"]) == (Decimal("4500000"), "INR")


async def test_amendment_rules(client: httpx.AsyncClient, back_office: httpx.AsyncClient) -> None:
    draft = await p.create(client)
    assert_problem(
        await client.post(f"{p.URL}/{draft['id']}/amendments", json=bank_change()), 409, "partner-not-editable"
    )
    partner = await p.approved(client, back_office, p.partner(p.PAN_KA, p.GSTIN_KA, "29"))
    url = f"{p.URL}/{partner['id']}/amendments"
    body = assert_problem(await client.post(url, json=bank_change(ifsc="ICIC1000104")), 422, "invalid-partner-input")
    assert error_fields(body) == {"new_value.ifsc"}
    wrong_state = p.location("branch", "27", p.gstin(p.PAN_KA, "33"))
    body = assert_problem(await client.post(url, json={"kind": "new_location", "location": wrong_state}), 422)
    assert error_fields(body) == {"new_value.gstin"}
    body = assert_problem(await client.post(url, json={"kind": "credit_limit_change", "amount": 1.5}), 422)
    assert error_fields(body) == {"credit_limit_change.amount"}
    body = assert_problem(await client.post(url, json={"kind": "credit_limit_change", "amount": "-1"}), 422)
    assert error_fields(body) == {"new_value.amount"}
    body = assert_problem(await client.post(url, json={"kind": "address_change"}), 422, "request-validation-failed")
    unknown_contact = {"kind": "contact_change", "contact_id": draft["id"], "contact": p.contact()}
    assert_problem(await client.post(url, json=unknown_contact), 404, "partner-contact-not-found")
    assert_problem(await back_office.post(f"{url}/{draft['id']}/approve"), 404, "amendment-not-found")
    assert_problem(await back_office.post(f"{url}/{draft['id']}/reject", json={"reason": "x"}), 404)
    assert_problem(await back_office.post(f"{url}/{draft['id']}/reject", json={}), 422, "request-validation-failed")
