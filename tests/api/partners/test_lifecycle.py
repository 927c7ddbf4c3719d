"""The whole onboarding of a partner through the API on real PostgreSQL, with its events in the outbox."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from decimal import Decimal

import httpx

from backend.app.bootstrap import Container
from backend.modules.partners.domain.approval import add_years
from tests.api.helpers import assert_problem
from tests.api.partners import helpers as p
from tests.api.partners.conftest import StaffClient

STARTED = "partners.partner_onboarding_started.v1"
SUBMITTED = "partners.partner_submitted.v1"
APPROVED = "partners.partner_approved.v1"
CAPABILITIES = "partners.capabilities_changed.v1"
NOT_REAL = "development adapter, not a real lookup"


async def user_id(client: httpx.AsyncClient) -> str:
    return str(p.ok(await client.get("/api/v1/me"))["user"]["id"])


async def test_a_partner_is_onboarded_verified_approved_and_published(container: Container, staff: StaffClient) -> None:
    maker, checker = await staff("back_office"), await staff("back_office")
    maker_id, checker_id = await user_id(maker), await user_id(checker)

    # a draft: 201, where it lives, its version and the tenant's first code
    response = await maker.post(p.URL, json=p.partner())
    draft = p.ok(response, 201)
    pid = draft["id"]
    assert response.headers["location"] == f"{p.URL}/{pid}"
    assert response.headers["etag"] == '"1"'
    assert re.fullmatch(r"BP-IN-\d{4}", draft["code"])
    assert draft["code"] == "BP-IN-0001"
    assert (draft["status"], draft["kyc_status"], draft["created_by"]) == ("draft", "pending", maker_id)

    # a branch in Karnataka with its own GSTIN, a bank account, the primary contact
    branch = p.branch_in_karnataka()
    with_branch = p.ok(await maker.post(f"{p.URL}/{pid}/locations", json=branch), 201)
    assert [(loc["kind"], loc["state_code"], loc["gstin"]) for loc in with_branch["locations"]] == [
        ("head_office", "27", p.GSTIN_MH),
        ("branch", "29", branch["gstin"]),
    ]
    with_bank = p.ok(await maker.post(f"{p.URL}/{pid}/bank-accounts", json=p.bank()), 201)
    [account] = with_bank["bank_accounts"]
    assert (account["ifsc"], account["account_number"], account["primary"]) == ("HDFC0000001", "**********5678", True)
    person = p.contact()
    with_contact = p.ok(await maker.post(f"{p.URL}/{pid}/contacts", json=person), 201)
    [saved] = with_contact["contacts"]
    assert (saved["mobile"], saved["primary"]) == (person["mobile"], True)

    # documents: stored with their SHA-256, and the same bytes come back
    uploaded = {}
    for kind in ("gst_certificate", "pan_card", "iec"):
        body = p.document(kind, number="0305012345" if kind == "iec" else None)
        response = await maker.post(f"{p.URL}/{pid}/documents", json=body)
        doc = p.ok(response, 201)
        assert response.headers["location"] == f"{p.URL}/{pid}/documents/{doc['id']}"
        assert (doc["type"], doc["sha256"], doc["verified_at"]) == (kind, p.sha256(body), None)
        uploaded[kind] = (doc, body)
    doc, body = uploaded["pan_card"]
    download = await maker.get(f"{p.URL}/{pid}/documents/{doc['id']}")
    assert download.status_code == 200
    assert download.content == base64.b64decode(body["content_base64"])
    assert download.headers["content-type"] == "application/pdf"
    digest = base64.b64encode(bytes.fromhex(doc["sha256"])).decode()
    assert download.headers["repr-digest"] == f"sha-256=:{digest}:"
    assert download.headers["digest"] == f"sha-256={digest}"
    assert "no-store" in download.headers["cache-control"]

    # submission: scored, routed to the back office, with the development verifiers' evidence
    submitted = p.ok(await maker.post(f"{p.URL}/{pid}/submit"))
    assert (submitted["status"], submitted["risk_score"], submitted["risk_category"]) == ("pending_review", 90, "low")
    assert submitted["score"]["score"] == 90
    assert {c["rule"]: c["points"] for c in submitted["score"]["contributions"]} == {
        "base": 50,
        "business_age": 20,
        "legal_form": 5,
        "annual_turnover": 15,
    }
    assert submitted["submitted_by"] == maker_id
    evidence = submitted["evidence"]
    assert {(e["kind"], e["subject"]) for e in evidence if e["kind"] == "gstn"} == {
        ("gstn", p.GSTIN_MH),
        ("gstn", branch["gstin"]),
    }
    assert [e["kind"] for e in evidence].count("bank_account") == 1
    assert [e["kind"] for e in evidence].count("geocode") == 2  # both locations had no coordinates
    assert all(NOT_REAL in e["provider"] for e in evidence), evidence
    assert all(e["checked_by"] == maker_id for e in evidence)
    assert all(loc["coordinates"] is not None for loc in submitted["locations"])  # the geocoder filled them in
    assert p.ok(await maker.get(f"{p.URL}/{pid}"))["evidence"] == evidence

    # maker-checker: the submitter cannot approve, another back-office user can
    refused = assert_problem(await maker.post(f"{p.URL}/{pid}/approve"), 403, "maker-checker")
    assert "another user" in refused["detail"]
    response = await checker.post(f"{p.URL}/{pid}/approve")
    approved = p.ok(response)
    today = datetime.now(UTC).date()
    expires = add_years(today, 1)
    assert (approved["status"], approved["kyc_status"]) == ("approved", "verified")
    assert approved["kyc_expires_on"] == expires.isoformat()
    assert Decimal(approved["recommended_credit_limit"]) == Decimal("3000000")  # 15% of 2 crore at score 90
    assert approved["decided_by"] == checker_id
    assert response.headers["etag"] == f'"{approved["version"]}"'

    # no capability before the documents are verified; the verified ones grant domestic trade and IEC trade
    caps = p.ok(await checker.get(f"{p.URL}/{pid}/capabilities"))
    assert caps["capabilities"] == []
    assert caps["reasons"] == ["domestic trade needs a verified GST certificate and a verified PAN card"]
    for doc, _ in uploaded.values():
        verified = p.ok(await checker.post(f"{p.URL}/{pid}/documents/{doc['id']}/verify"))
        assert verified["verified_by"] == checker_id
        assert verified["verified_at"] is not None
    caps = p.ok(await checker.get(f"{p.URL}/{pid}/capabilities"))
    assert sorted(caps["capabilities"]) == ["domestic_buy", "domestic_sell", "export", "import"]
    assert (caps["code"], caps["home_country"], caps["overridden"], caps["reasons"]) == ("BP-IN-0001", "IN", False, [])

    # the outbox: started, submitted, approved (with the credit limit and contacts), capability changes
    names = await p.wire_names(container, pid)
    assert names[:3] == [STARTED, SUBMITTED, APPROVED]
    assert names[3:] == [CAPABILITIES] * 3
    [started] = await p.events(container, pid, STARTED)
    assert (started["partner_code"], started["started_by"], started["legal_name"]) == (
        "BP-IN-0001",
        maker_id,
        "Unique Traders",
    )
    [submission] = await p.events(container, pid, SUBMITTED)
    assert (submission["onboarding_score"], submission["risk_category"], submission["required_role"]) == (
        90,
        "low",
        "back_office",
    )
    assert submission["auto_approve"] is False
    [approval] = await p.events(container, pid, APPROVED)
    assert Decimal(approval["recommended_credit_limit"]) == Decimal("3000000")
    assert (approval["currency"], approval["kyc_expires_on"]) == ("INR", expires.isoformat())
    assert (approval["approved_by"], approval["submitted_by"], approval["auto_approved"]) == (
        checker_id,
        maker_id,
        False,
    )
    assert (approval["risk_score"], approval["risk_category"]) == (90, "low")
    assert approval["contacts"] == [
        {
            "id": saved["id"],
            "full_name": person["full_name"],
            "mobile": person["mobile"],
            "email": person["email"],
            "primary": True,
        }
    ]
    last = (await p.events(container, pid, CAPABILITIES))[-1]
    assert sorted(last["capabilities"]) == ["domestic_buy", "domestic_sell", "export", "import"]
    assert (last["cause"], last["changed_by"]) == ("document_verified", checker_id)


async def test_a_trader_onboards_and_the_back_office_approves(
    container: Container, trader: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    draft = await p.ready(trader)
    submitted = p.ok(await trader.post(f"{p.URL}/{draft['id']}/submit"))
    assert submitted["status"] == "pending_review"
    # the trader holds no approval permission at all
    assert_problem(await trader.post(f"{p.URL}/{draft['id']}/approve"), 403)
    assert p.ok(await back_office.post(f"{p.URL}/{draft['id']}/approve"))["status"] == "approved"


async def test_each_score_band_recommends_its_share_of_turnover(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    low = await p.approved(client, back_office, p.partner(p.new_pan(), annual_turnover="40000000"))
    medium = await p.approved(client, back_office, p.medium_risk(p.new_pan(), annual_turnover="6000000"))
    # below 40 only a tenant admin approves: the back office submits, the admin checks
    high = await p.submitted(back_office, p.high_risk(p.new_pan(), annual_turnover="500000"))
    high = p.ok(await client.post(f"{p.URL}/{high['id']}/approve"))
    unknown = await p.approved(client, back_office, p.partner(p.new_pan(), annual_turnover=None))
    assert [(x["risk_score"], x["risk_category"]) for x in (low, medium, high, unknown)] == [
        (90, "low"),
        (65, "medium"),
        (30, "high"),
        (75, "low"),
    ]

    def amounts(values: list[str | None]) -> list[Decimal | None]:
        return [None if v is None else Decimal(v) for v in values]

    expected = [
        Decimal("6000000"),  # 15% of 4 crore
        Decimal("600000"),  # 10% of 60 lakh
        Decimal("25000"),  # 5% of 5 lakh
        None,  # turnover unknown: no recommendation
    ]
    assert amounts([x["recommended_credit_limit"] for x in (low, medium, high, unknown)]) == expected
    published = [(await p.events(container, x["id"], APPROVED))[0] for x in (low, medium, high, unknown)]
    assert amounts([e["recommended_credit_limit"] for e in published]) == expected
    assert [e["risk_category"] for e in published] == ["low", "medium", "high", "low"]
