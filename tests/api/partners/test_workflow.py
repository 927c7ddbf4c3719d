"""The approval workflow through the API: editing windows, transitions, routing by score, tenant policy."""

from __future__ import annotations

from typing import Any

import httpx

from backend.app.bootstrap import Container
from tests.api.helpers import assert_problem, error_fields
from tests.api.partners import helpers as p

APPROVED = "partners.partner_approved.v1"
CONFIG = "/api/v1/config"


def profile_of(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("head_office", "branch_id")}


async def configure(client: httpx.AsyncClient, key: str, value: dict[str, Any]) -> None:
    response = await client.put(f"{CONFIG}/{key}", json={"value": value, "scope": "tenant"}, headers={"If-Match": "*"})
    assert response.status_code == 200, response.text


async def test_a_draft_is_revised_with_optional_if_match(container: Container, client: httpx.AsyncClient) -> None:
    draft = await p.create(client)
    url = f"{p.URL}/{draft['id']}"
    revised = profile_of(p.partner(legal_name="Unique Traders LLP", has_quality_lab=True))
    assert (await client.get(url)).headers["etag"] == '"1"'
    response = await client.put(url, json=revised)
    updated = p.ok(response)
    assert (updated["profile"]["legal_name"], updated["version"]) == ("Unique Traders LLP", 2)
    assert response.headers["etag"] == '"2"'
    # a stale If-Match is refused; the current one, and none at all, are accepted
    stale = assert_problem(await client.put(url, json=revised, headers={"If-Match": '"1"'}), 412)
    assert stale["current_version"] == 2
    again = profile_of(p.partner(legal_name="Unique Traders Limited Liability Partnership"))
    assert p.ok(await client.put(url, json=again, headers={"If-Match": '"2"'}))["version"] == 3
    assert_problem(await client.put(url, json=again, headers={"If-Match": "three"}), 412)
    [updated_event, *_] = await p.events(container, draft["id"], "partners.partner_updated.v1")
    assert set(updated_event["changed_fields"]) == {"legal_name", "has_quality_lab"}


async def test_an_approved_partner_cannot_be_edited(client: httpx.AsyncClient, back_office: httpx.AsyncClient) -> None:
    partner = await p.approved(client, back_office)
    url = f"{p.URL}/{partner['id']}"
    body = assert_problem(await client.put(url, json=profile_of(p.partner())), 409, "partner-not-editable")
    assert (body["status"], body["partner_status"]) == (409, "approved")
    assert_problem(await client.post(f"{url}/locations", json=p.branch_in_karnataka()), 409, "partner-not-editable")
    assert_problem(await client.post(f"{url}/bank-accounts", json=p.bank()), 409, "partner-not-editable")
    assert_problem(await client.post(f"{url}/contacts", json=p.contact()), 409, "partner-not-editable")
    office = partner["locations"][0]["id"]
    assert_problem(await client.delete(f"{url}/locations/{office}"), 409, "partner-not-editable")
    # documents may still come (KYC renewal needs them)
    await p.upload(client, partner["id"], "cancelled_cheque")


async def test_the_only_head_office_stays(client: httpx.AsyncClient) -> None:
    draft = await p.create(client)
    url = f"{p.URL}/{draft['id']}"
    with_branch = p.ok(await client.post(f"{url}/locations", json=p.branch_in_karnataka()), 201)
    office, branch = (loc["id"] for loc in with_branch["locations"])
    body = assert_problem(await client.delete(f"{url}/locations/{office}"), 409, "head-office-required")
    assert draft["code"] in body["detail"]
    assert len(p.ok(await client.delete(f"{url}/locations/{branch}"))["locations"]) == 1
    assert_problem(await client.delete(f"{url}/locations/{branch}"), 404, "partner-location-not-found")
    second_office = p.location(state_code="29", number=p.gstin(p.PAN_MH, "29"))
    body = assert_problem(await client.post(f"{url}/locations", json=second_office), 422, "invalid-partner-input")
    assert error_fields(body) == {"kind"}


async def test_illegal_transitions_name_both_states(client: httpx.AsyncClient, back_office: httpx.AsyncClient) -> None:
    draft = await p.ready(client)
    url = f"{p.URL}/{draft['id']}"
    cases = [
        (f"{url}/approve", None, "draft", "approved"),
        (f"{url}/suspend", {"reason": "late payments"}, "draft", "suspended"),
        (f"{url}/reactivate", None, "draft", "approved"),
        (f"{url}/reject", {"reason": "no GST certificate"}, "draft", "rejected"),
        (f"{url}/request-info", {"note": "send the GST certificate"}, "draft", "info_requested"),
    ]
    for path, body, current, target in cases:
        problem = assert_problem(await client.post(path, json=body), 409, "illegal-partner-transition")
        assert (problem["current_status"], problem["target_status"]) == (current, target), path
        assert f"from {current} to {target}" in problem["detail"]
    # whatever role the caller has: a draft has no score to route by yet
    problem = assert_problem(await back_office.post(f"{url}/approve"), 409, "illegal-partner-transition")
    assert (problem["current_status"], problem["target_status"]) == ("draft", "approved")
    p.ok(await client.post(f"{url}/submit"))
    p.ok(await back_office.post(f"{url}/approve"))
    problem = assert_problem(await client.post(f"{url}/submit"), 409, "illegal-partner-transition")
    assert (problem["current_status"], problem["target_status"]) == ("approved", "submitted")
    problem = assert_problem(await back_office.post(f"{url}/reject", json={"reason": "too late"}), 409)
    assert (problem["current_status"], problem["target_status"]) == ("approved", "rejected")
    # a rejected partner is not approved later, by whichever role
    rejected = await p.submitted(client, p.high_risk(p.new_pan()))
    p.ok(await back_office.post(f"{p.URL}/{rejected['id']}/reject", json={"reason": "Too young a business"}))
    for checker in (back_office, client):
        problem = assert_problem(await checker.post(f"{p.URL}/{rejected['id']}/approve"), 409)
        assert (problem["current_status"], problem["target_status"]) == ("rejected", "approved")


async def test_a_draft_without_a_contact_cannot_be_submitted(client: httpx.AsyncClient) -> None:
    draft = await p.create(client)
    body = assert_problem(await client.post(f"{p.URL}/{draft['id']}/submit"), 422, "invalid-partner-input")
    assert error_fields(body) == {"contacts"}


async def test_approval_is_idempotent(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.approved(client, back_office)
    again = await back_office.post(f"{p.URL}/{partner['id']}/approve")
    assert again.status_code == 200, again.text
    repeated = again.json()
    assert (repeated["status"], repeated["version"], repeated["decided_at"]) == (
        "approved",
        partner["version"],
        partner["decided_at"],
    )
    assert len(await p.events(container, partner["id"], APPROVED)) == 1


async def test_info_requested_reopens_editing_and_rejection_closes_it(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.submitted(client)
    url = f"{p.URL}/{partner['id']}"
    asked = p.ok(await back_office.post(f"{url}/request-info", json={"note": "Upload the GST certificate"}))
    assert (asked["status"], asked["status_reason"]) == ("info_requested", "Upload the GST certificate")
    p.ok(await client.put(url, json=profile_of(p.partner(has_own_transport=True))))
    resubmitted = p.ok(await client.post(f"{url}/submit"))
    assert (resubmitted["status"], resubmitted["risk_score"]) == ("pending_review", 95)
    rejected = p.ok(await back_office.post(f"{url}/reject", json={"reason": "Sanctioned director"}))
    assert (rejected["status"], rejected["status_reason"]) == ("rejected", "Sanctioned director")
    assert_problem(await client.put(url, json=profile_of(p.partner())), 409, "partner-not-editable")


async def test_suspension_and_reactivation(client: httpx.AsyncClient, staff: Any) -> None:
    back_office, risk = await staff("back_office"), await staff("risk_manager")
    partner = await p.approved(client, back_office)
    url = f"{p.URL}/{partner['id']}"
    assert_problem(await back_office.post(f"{url}/suspend", json={"reason": "Cheque bounced"}), 403)
    suspended = p.ok(await risk.post(f"{url}/suspend", json={"reason": "Cheque bounced"}))
    assert (suspended["status"], suspended["status_reason"]) == ("suspended", "Cheque bounced")
    caps = p.ok(await risk.get(f"{url}/capabilities"))
    assert caps["capabilities"] == []
    assert caps["reasons"] == ["partner is suspended, not approved"]
    reactivated = p.ok(await risk.post(f"{url}/reactivate"))
    assert (reactivated["status"], reactivated["status_reason"]) == ("approved", None)


async def test_approval_is_routed_by_score(client: httpx.AsyncClient, staff: Any) -> None:
    maker, back_office = await staff("back_office"), await staff("back_office")
    # below 40: a tenant admin's decision; the back office gets a 403 naming the role
    high = await p.submitted(maker, p.high_risk(p.new_pan()))
    assert high["risk_score"] == 30
    body = assert_problem(await back_office.post(f"{p.URL}/{high['id']}/approve"), 403, "forbidden")
    assert body["required_role"] == "tenant_admin"
    assert "tenant_admin" in body["detail"]
    assert p.ok(await client.post(f"{p.URL}/{high['id']}/approve"))["status"] == "approved"
    # 40 to 69: the back office, or a tenant admin standing in for it
    medium = await p.submitted(maker, p.medium_risk(p.new_pan()))
    assert (medium["risk_score"], medium["risk_category"]) == (65, "medium")
    assert p.ok(await back_office.post(f"{p.URL}/{medium['id']}/approve"))["status"] == "approved"
    other = await p.submitted(maker, p.medium_risk(p.new_pan()))
    assert p.ok(await client.post(f"{p.URL}/{other['id']}/approve"))["status"] == "approved"


async def test_auto_approval_when_the_tenant_enables_it(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    await configure(client, "partners.approval_policy", {"auto_approve": True})
    auto = await p.submitted(back_office)
    assert (auto["status"], auto["kyc_status"], auto["decided_by"]) == ("approved", "verified", None)
    [event] = await p.events(container, auto["id"], APPROVED)
    assert (event["auto_approved"], event["approved_by"]) == (True, auto["submitted_by"])
    [submitted] = await p.events(container, auto["id"], "partners.partner_submitted.v1")
    assert (submitted["auto_approve"], submitted["required_role"]) == (True, None)
    # below the threshold a person still decides
    medium = await p.submitted(back_office, p.medium_risk(p.new_pan()))
    assert medium["status"] == "pending_review"
    # the threshold is the tenant's too
    await configure(client, "partners.approval_policy", {"auto_approve": True, "auto_approve_min_score": 95})
    assert (await p.submitted(back_office, p.partner(p.new_pan())))["status"] == "pending_review"


async def test_the_tenants_score_rules_change_the_score(client: httpx.AsyncClient) -> None:
    await configure(client, "partners.score_rules", {"base": 20, "legal_form_points": {"partnership": 0}})
    partner = await p.submitted(client)
    contributions = {c["rule"]: c["points"] for c in partner["score"]["contributions"]}
    assert contributions == {"base": 20, "business_age": 20, "legal_form": 0, "annual_turnover": 15}
    assert (partner["risk_score"], partner["risk_category"]) == (55, "medium")
    refused = await client.put(
        f"{CONFIG}/partners.score_rules", json={"value": {"base": 20.5}, "scope": "tenant"}, headers={"If-Match": "*"}
    )
    assert_problem(refused, 422)
