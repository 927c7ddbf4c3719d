"""Identifier rules through the API: GSTIN, PAN, IFSC, EIN and VAT, each 422 naming its field; duplicates 409."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from backend.app.bootstrap import Container
from tests.api.helpers import assert_problem, error_fields
from tests.api.identity import rbac_helpers as h
from tests.api.partners import helpers as p
from tests.api.partners.conftest import OpenClient

INVALID = "invalid-partner-input"


def refused(response: httpx.Response, field: str, code: str = INVALID) -> dict[str, Any]:
    body = assert_problem(response, 422, code)
    assert field in error_fields(body), body
    return body


def message(body: dict[str, Any], field: str) -> str:
    return " ".join(e["message"] for e in body["errors"] if e["field"] == field)


async def test_real_identifiers_pass(client: httpx.AsyncClient) -> None:
    for pan, number, state in (
        (p.PAN_MH, p.GSTIN_MH, "27"),
        (p.PAN_KA, p.GSTIN_KA, "29"),
        (p.PAN_TN, p.GSTIN_TN, "33"),
    ):
        created = await p.create(client, p.partner(pan, number, state))
        assert created["profile"]["tax_registrations"][0]["number"] == number
        assert created["locations"][0]["gstin"] == number


async def test_identifiers_are_stored_upper_case_and_found_in_any_case(client: httpx.AsyncClient) -> None:
    lower = p.partner(p.PAN_MH.lower(), p.GSTIN_MH.lower())
    created = await p.create(client, lower)
    assert (created["profile"]["pan"], created["locations"][0]["gstin"]) == (p.PAN_MH, p.GSTIN_MH)
    assert created["profile"]["tax_registrations"][0]["number"] == p.GSTIN_MH
    body = assert_problem(await client.post(p.URL, json=lower), 409, "duplicate-partner-identifier")
    assert body["existing_partner_code"] == created["code"]


async def test_a_gstin_with_a_wrong_check_character_is_refused(client: httpx.AsyncClient) -> None:
    bad = p.broken(p.GSTIN_MH)
    body = refused(await client.post(p.URL, json=p.partner(number=bad)), "tax_registrations.0.number")
    assert "check digit" in message(body, "tax_registrations.0.number")
    # the profile is judged first, then the head office
    body = refused(await client.post(p.URL, json=p.partner(number=bad, tax_registrations=[])), "head_office.gstin")
    assert "check digit" in message(body, "head_office.gstin")
    # the same on a later location
    draft = await p.create(client)
    branch = {**p.branch_in_karnataka(), "gstin": p.broken(p.gstin(p.PAN_MH, "29"))}
    body = refused(await client.post(f"{p.URL}/{draft['id']}/locations", json=branch), "gstin")
    assert "check digit" in message(body, "gstin")


async def test_a_gstin_must_embed_the_partners_pan(client: httpx.AsyncClient) -> None:
    body = refused(await client.post(p.URL, json=p.partner(p.PAN_MH, p.GSTIN_KA, "29")), "tax_registrations.0.number")
    assert f"embeds PAN {p.PAN_KA}, not the partner's PAN {p.PAN_MH}" in message(body, "tax_registrations.0.number")
    draft = await p.create(client)
    branch = {**p.branch_in_karnataka(), "gstin": p.GSTIN_KA}
    body = refused(await client.post(f"{p.URL}/{draft['id']}/locations", json=branch), "gstin")
    assert "embeds PAN" in message(body, "gstin")


async def test_a_gstin_must_be_registered_in_the_locations_state(client: httpx.AsyncClient) -> None:
    office = p.location(state_code="29", number=p.GSTIN_MH)  # a Maharashtra GSTIN on a Karnataka office
    body = refused(await client.post(p.URL, json=p.partner(head_office=office)), "head_office.gstin")
    assert "registered in state 27, not in 29" in message(body, "head_office.gstin")
    draft = await p.create(client)
    branch = {**p.branch_in_karnataka(), "gstin": p.gstin(p.PAN_MH, "33")}
    body = refused(await client.post(f"{p.URL}/{draft['id']}/locations", json=branch), "gstin")
    assert "registered in state 33, not in 29" in message(body, "gstin")


@pytest.mark.parametrize("pan", ["AAPZU0939F", "AAPFU0000F", "1APFU0939F"])
async def test_an_invalid_pan_is_refused(client: httpx.AsyncClient, pan: str) -> None:
    body = refused(await client.post(p.URL, json=p.partner(pan, p.GSTIN_MH)), "pan")
    assert "not a valid PAN" in message(body, "pan")


async def test_an_indian_partner_needs_a_pan(client: httpx.AsyncClient) -> None:
    body = refused(await client.post(p.URL, json=p.partner(pan=None, number=p.GSTIN_MH)), "pan")
    assert "needs its PAN" in message(body, "pan")


@pytest.mark.parametrize("ifsc", ["HDFC1000001", "HD1C0000001", "hdfc-000001"])
async def test_an_invalid_ifsc_is_refused(client: httpx.AsyncClient, ifsc: str) -> None:
    draft = await p.create(client)
    body = refused(await client.post(f"{p.URL}/{draft['id']}/bank-accounts", json=p.bank(ifsc=ifsc)), "ifsc")
    assert "not an IFSC" in message(body, "ifsc")
    refused(await client.post(f"{p.URL}/{draft['id']}/bank-accounts", json=p.bank(ifsc=None)), "ifsc")


async def test_a_foreign_bank_account_needs_a_valid_swift_and_iban(client: httpx.AsyncClient) -> None:
    draft = await p.create(client, p.foreign())
    url = f"{p.URL}/{draft['id']}/bank-accounts"
    account = p.bank(country="DE", ifsc=None, swift="DEUTDEFF", iban="DE89370400440532013000", account_number="")
    assert p.ok(await client.post(url, json=account), 201)["bank_accounts"][0]["iban"].endswith("3000")
    refused(await client.post(url, json={**account, "swift": "DEUT1EFF"}), "swift")
    refused(await client.post(url, json={**account, "iban": "DE89370400440532013001"}), "iban")


async def test_a_foreign_partner_brings_its_ein_or_vat(client: httpx.AsyncClient) -> None:
    german = await p.create(client, p.foreign())
    assert (german["code"], german["profile"]["pan"]) == ("BP-DE-0001", None)
    us = p.foreign(
        legal_name="Memphis Cotton Corp",
        country="US",
        legal_form="corporation",
        tax_registrations=[{"kind": "ein", "number": "04-2103594", "country": "US"}],
    )
    us["head_office"]["address"] = {"line1": "1 Front St", "city": "Memphis", "postal_code": "38103", "country": "US"}
    assert (await p.create(client, us))["code"] == "BP-US-0001"

    vat = p.foreign(tax_registrations=[{"kind": "vat", "number": "DE136695977", "country": "DE"}])
    body = refused(await client.post(p.URL, json=vat), "tax_registrations.0.number")
    assert "not a valid EU VAT number" in message(body, "tax_registrations.0.number")
    french_vat = p.foreign(tax_registrations=[{"kind": "vat", "number": "FR40303265045", "country": "DE"}])
    refused(await client.post(p.URL, json=french_vat), "tax_registrations.0.number")
    ein = {**us, "tax_registrations": [{"kind": "ein", "number": "07-2103594", "country": "US"}]}
    refused(await client.post(p.URL, json=ein), "tax_registrations.0.number")
    ein_abroad = p.foreign(tax_registrations=[{"kind": "ein", "number": "04-2103594", "country": "DE"}])
    refused(await client.post(p.URL, json=ein_abroad), "tax_registrations.0.number")
    vat_outside_eu = {**us, "tax_registrations": [{"kind": "vat", "number": "DE136695976", "country": "US"}]}
    refused(await client.post(p.URL, json=vat_outside_eu), "tax_registrations.0.country")
    gstin_abroad = p.foreign(tax_registrations=[{"kind": "gstin", "number": p.GSTIN_MH, "country": "DE"}])
    refused(await client.post(p.URL, json=gstin_abroad), "tax_registrations.0.country")
    office_gstin = p.foreign()
    office_gstin["head_office"]["gstin"] = p.GSTIN_MH
    refused(await client.post(p.URL, json=office_gstin), "head_office.gstin")
    refused(await client.post(p.URL, json=p.partner(legal_form="foreign_entity")), "legal_form")


async def test_a_service_provider_needs_its_kind(client: httpx.AsyncClient) -> None:
    refused(await client.post(p.URL, json=p.partner(entity_class="service_provider")), "service_provider_kind")
    refused(await client.post(p.URL, json=p.partner(service_provider_kind="broker")), "service_provider_kind")


# duplicates


async def test_the_same_pan_or_gstin_in_one_tenant_is_a_conflict_naming_the_holder(client: httpx.AsyncClient) -> None:
    first = await p.create(client)
    # the very same registration
    body = assert_problem(await client.post(p.URL, json=p.partner()), 409, "duplicate-partner-identifier")
    assert (body["existing_partner_code"], body["existing_partner_id"]) == (first["code"], first["id"])
    assert body["field"] in {"pan", "gstin"}
    assert first["code"] in body["detail"]
    # the same PAN registered in another state
    other_state = p.partner(p.PAN_MH, state_code="29", head_office=p.branch_in_karnataka() | {"kind": "head_office"})
    body = assert_problem(await client.post(p.URL, json=other_state), 409, "duplicate-partner-identifier")
    assert (body["field"], body["identifier"], body["existing_partner_code"]) == ("pan", p.PAN_MH, first["code"])
    # a revision to another partner's PAN is refused as well
    unregistered = p.partner(p.PAN_KA, tax_registrations=[], head_office=p.location(state_code="29", number=None))
    second = await p.create(client, unregistered)
    revised = {k: v for k, v in unregistered.items() if k != "head_office"} | {"pan": p.PAN_MH}
    body = assert_problem(
        await client.put(f"{p.URL}/{second['id']}", json=revised), 409, "duplicate-partner-identifier"
    )
    assert (body["field"], body["existing_partner_code"]) == ("pan", first["code"])


async def test_branch_entities_of_one_master_share_its_pan(client: httpx.AsyncClient) -> None:
    master = await p.create(client)
    karnataka = p.branch_in_karnataka() | {"kind": "head_office"}
    branch_entity = p.partner(p.PAN_MH, state_code="29", head_office=karnataka, master_partner_id=master["id"])
    created = await p.create(client, branch_entity)
    assert created["profile"]["master_partner_id"] == master["id"]
    tamil_nadu = p.location(state_code="33", number=p.gstin(p.PAN_MH, "33"))
    sibling = p.partner(p.PAN_MH, state_code="33", head_office=tamil_nadu, master_partner_id=master["id"])
    assert (await p.create(client, sibling))["code"] == "BP-IN-0003"
    unknown_master = p.partner(p.new_pan(), master_partner_id="00000000-0000-7000-8000-000000000001")
    refused(await client.post(p.URL, json=unknown_master), "master_partner_id")


async def test_the_same_pan_in_another_tenant_is_fine(
    container: Container, client: httpx.AsyncClient, open_client: OpenClient
) -> None:
    mine = await p.create(client)
    other = await open_client(await h.new_tenant(container, "Other Traders"))
    theirs = await p.create(other)
    assert (theirs["code"], theirs["profile"]["pan"]) == (mine["code"], mine["profile"]["pan"])
    assert theirs["id"] != mine["id"]


# shapes at the edge


async def test_floats_for_decimals_are_refused(client: httpx.AsyncClient) -> None:
    body = assert_problem(
        await client.post(p.URL, json=p.partner(annual_turnover=20000000.0)), 422, "request-validation-failed"
    )
    assert error_fields(body) == {"annual_turnover"}
    assert "JSON strings" in body["detail"]
    office = p.location(coordinates={"latitude": 19.07, "longitude": "72.87"})
    body = assert_problem(await client.post(p.URL, json=p.partner(head_office=office)), 422)
    assert error_fields(body) == {"head_office.coordinates.latitude"}
    refused(await client.post(p.URL, json=p.partner(annual_turnover="-1")), "annual_turnover")


async def test_unknown_fields_are_refused(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.post(p.URL, json=p.partner(nickname="UT")), 422, "request-validation-failed")
    assert error_fields(body) == {"nickname"}
    office = p.location(colour="blue")
    body = assert_problem(await client.post(p.URL, json=p.partner(head_office=office)), 422)
    assert error_fields(body) == {"head_office.colour"}
    draft = await p.create(client)
    body = assert_problem(await client.post(f"{p.URL}/{draft['id']}/contacts", json=p.contact(age=41)), 422)
    assert error_fields(body) == {"age"}
