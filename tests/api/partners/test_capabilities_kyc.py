"""Trade capabilities from verified documents, the tenant admin's override, and the KYC watch list."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import httpx

from backend.app.bootstrap import Container
from tests.api.helpers import assert_problem, error_fields
from tests.api.partners import helpers as p

REASON = "Verified offline by the compliance desk"


def pin(container: Container, today: date) -> None:
    """The partners context judges KYC, capabilities and verifications on ``today`` from now on."""
    container.partners = replace(
        container.partners, today=lambda: today, now=lambda: datetime.combine(today, time(9), UTC)
    )


async def test_foreign_partners_trade_at_home_and_with_a_licence_abroad(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.approved(client, back_office, p.foreign())
    url = f"{p.URL}/{partner['id']}/capabilities"
    assert p.ok(await client.get(url))["reasons"] == ["trade needs a verified tax registration of DE"]
    await p.tradeable(client, partner["id"], "gst_certificate", "pan_card", "iec")  # Indian papers grant nothing
    assert p.ok(await client.get(url))["capabilities"] == []
    await p.tradeable(client, partner["id"], "foreign_tax_registration")
    caps = p.ok(await client.get(url))
    assert (caps["home_country"], caps["capabilities"]) == ("DE", ["domestic_buy"])  # a buyer, in Germany only
    uploaded = await p.upload(client, partner["id"], "import_export_licence", country="FR")
    p.ok(await client.post(f"{p.URL}/{partner['id']}/documents/{uploaded['id']}/verify"))
    assert p.ok(await client.get(url))["capabilities"] == ["domestic_buy"]  # a French licence is not Germany's
    await p.tradeable(client, partner["id"], "import_export_licence")
    assert sorted(p.ok(await client.get(url))["capabilities"]) == ["domestic_buy", "import"]


async def test_an_indian_seller_without_an_iec_trades_domestically_only(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.approved(client, back_office, p.partner(trade_role="seller"))
    await p.tradeable(client, partner["id"], "gst_certificate", "pan_card")
    caps = p.ok(await client.get(f"{p.URL}/{partner['id']}/capabilities"))
    assert (caps["capabilities"], caps["reasons"]) == (["domestic_sell"], ["import and export need a verified IEC"])


async def test_a_service_provider_gets_no_capabilities(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    broker = p.partner(entity_class="service_provider", service_provider_kind="broker")
    partner = await p.approved(client, back_office, broker)
    await p.tradeable(client, partner["id"], "gst_certificate", "pan_card", "iec")
    url = f"{p.URL}/{partner['id']}/capabilities"
    caps = p.ok(await client.get(url))
    assert (caps["capabilities"], caps["reasons"]) == ([], ["service providers do not trade"])
    # not even a tenant admin's override lets a service provider trade
    p.ok(await client.put(f"{url}/override", json={"capabilities": ["domestic_buy"], "reason": REASON}))
    assert p.ok(await client.get(url))["capabilities"] == []


async def test_a_tenant_admin_overrides_capabilities_with_a_reason(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.approved(client, back_office)
    url = f"{p.URL}/{partner['id']}/capabilities/override"
    body = {"capabilities": ["domestic_buy", "export"], "reason": REASON}
    assert_problem(await back_office.put(url, json=body), 403)
    short = assert_problem(await client.put(url, json={**body, "reason": "trust me"}), 422, "request-validation-failed")
    assert error_fields(short) == {"reason"}
    blank = assert_problem(await client.put(url, json={**body, "reason": " " * 12}), 422, "invalid-partner-input")
    assert error_fields(blank) == {"reason"}
    assert error_fields(assert_problem(await client.put(url, json={"capabilities": []}), 422)) == {"reason"}
    unknown = assert_problem(await client.put(url, json={**body, "capabilities": ["teleport"]}), 422)
    assert error_fields(unknown) == {"capabilities.0"}

    caps = p.ok(await client.put(url, json=body))
    me = p.ok(await client.get("/api/v1/me"))["user"]["id"]
    assert (sorted(caps["capabilities"]), caps["overridden"], caps["overridden_by"]) == (
        ["domestic_buy", "export"],
        True,
        me,
    )
    assert caps["reasons"] == [f"override: {REASON}"]
    assert p.ok(await back_office.get(f"{p.URL}/{partner['id']}"))["capabilities_overridden"] is True
    [event] = await p.events(container, partner["id"], "partners.capabilities_changed.v1")
    assert (event["cause"], event["reason"], event["changed_by"]) == ("override", REASON, me)
    assert sorted(event["capabilities"]) == ["domestic_buy", "export"]


async def test_the_kyc_watch_list_shows_what_expires_within_the_days_asked(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    soon = await p.approved(client, back_office)
    later = await p.approved(client, back_office, p.partner(p.PAN_KA, p.GSTIN_KA, "29"))
    await p.create(client, p.partner(p.PAN_TN, p.GSTIN_TN, "33"))  # a draft has no KYC to expire
    url = f"{p.URL}/kyc/expiring"
    assert p.ok(await client.get(url))["items"] == []
    expires = date.fromisoformat(soon["kyc_expires_on"])
    pin(container, expires - timedelta(days=20))
    watch = p.ok(await client.get(url, params={"days": 30}))
    assert [(x["code"], x["kyc_expires_on"]) for x in watch["items"]] == [
        (soon["code"], soon["kyc_expires_on"]),
        (later["code"], later["kyc_expires_on"]),
    ]
    assert p.ok(await client.get(url, params={"days": 10}))["items"] == []
    first = p.ok(await client.get(url, params={"days": 30, "limit": 1}))
    assert [x["code"] for x in first["items"]] == [soon["code"]]
    rest = p.ok(await client.get(url, params={"days": 30, "limit": 1, "cursor": first["next_cursor"]}))
    assert ([x["code"] for x in rest["items"]], rest["next_cursor"]) == ([later["code"]], None)
    assert_problem(await client.get(url, params={"days": 400}), 422, "request-validation-failed")
    assert_problem(await client.get(url, params={"days": -1}), 422, "request-validation-failed")


async def test_kyc_is_renewed_after_the_documents_are_verified_again(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.approved(client, back_office)
    await p.tradeable(back_office, partner["id"], "gst_certificate", "pan_card")
    url = f"{p.URL}/{partner['id']}/kyc/renew"
    early = assert_problem(await back_office.post(url), 409, "kyc-renewal-refused")
    assert early["kyc_expires_on"] == partner["kyc_expires_on"]
    expires = date.fromisoformat(partner["kyc_expires_on"])
    renewal_day = expires - timedelta(days=30)
    pin(container, renewal_day)
    stale = assert_problem(await back_office.post(url), 409, "kyc-renewal-refused")
    assert sorted(stale["missing_documents"]) == ["gst_certificate", "pan_card"]
    await p.tradeable(back_office, partner["id"], "gst_certificate", "pan_card")
    renewed = p.ok(await back_office.post(url))
    assert renewed["kyc_expires_on"] == renewal_day.replace(year=renewal_day.year + 1).isoformat()
    [event] = await p.events(container, partner["id"], "partners.partner_kyc_renewed.v1")
    assert event["expires_on"] == renewed["kyc_expires_on"]
    draft = await p.create(client, p.partner(p.PAN_KA, p.GSTIN_KA, "29"))
    assert_problem(await back_office.post(f"{p.URL}/{draft['id']}/kyc/renew"), 409, "kyc-renewal-refused")


async def test_a_suspended_partner_with_lapsed_kyc_is_not_reactivated(
    container: Container, client: httpx.AsyncClient, back_office: httpx.AsyncClient
) -> None:
    partner = await p.approved(client, back_office)
    url = f"{p.URL}/{partner['id']}"
    p.ok(await client.post(f"{url}/suspend", json={"reason": "Cheque bounced"}))
    pin(container, date.fromisoformat(partner["kyc_expires_on"]) + timedelta(days=1))
    body = assert_problem(await client.post(f"{url}/reactivate"), 409, "kyc-not-valid")
    assert partner["code"] in body["detail"]
    assert p.ok(await client.get(url))["status"] == "suspended"
