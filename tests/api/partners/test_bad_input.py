"""Bad input on every partner endpoint: malformed ids, missing or broken bodies, unknown values; each a
problem+json naming what is wrong."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from backend.modules.partners.application.commands.upload_document import MAX_DOCUMENT_BYTES
from tests.api.helpers import assert_problem, error_fields
from tests.api.partners import helpers as p

VALIDATION = "request-validation-failed"
ID = "00000000-0000-7000-8000-000000000001"

# (method, path under /api/v1/partners, whether a body is required)
BY_ID = [
    ("GET", "/{pid}", False),
    ("PUT", "/{pid}", True),
    ("POST", "/{pid}/submit", False),
    ("POST", "/{pid}/approve", False),
    ("POST", "/{pid}/reject", True),
    ("POST", "/{pid}/request-info", True),
    ("POST", "/{pid}/suspend", True),
    ("POST", "/{pid}/reactivate", False),
    ("POST", "/{pid}/locations", True),
    ("DELETE", "/{pid}/locations/{sub}", False),
    ("POST", "/{pid}/bank-accounts", True),
    ("POST", "/{pid}/contacts", True),
    ("POST", "/{pid}/documents", True),
    ("GET", "/{pid}/documents/{sub}", False),
    ("POST", "/{pid}/documents/{sub}/verify", False),
    ("POST", "/{pid}/kyc/renew", False),
    ("GET", "/{pid}/capabilities", False),
    ("PUT", "/{pid}/capabilities/override", True),
    ("GET", "/{pid}/amendments", False),
    ("POST", "/{pid}/amendments", True),
    ("POST", "/{pid}/amendments/{sub}/approve", False),
    ("POST", "/{pid}/amendments/{sub}/reject", True),
]
WITH_BODY = [(method, path) for method, path, needs_body in BY_ID if needs_body] + [("POST", "")]
WITH_SUB_ID = [(method, path) for method, path, _ in BY_ID if "{sub}" in path]


@pytest.mark.parametrize(("method", "path", "needs_body"), BY_ID)
async def test_a_malformed_partner_id_is_422(
    client: httpx.AsyncClient, method: str, path: str, needs_body: bool
) -> None:
    response = await client.request(method, p.URL + path.format(pid="not-a-uuid", sub=ID))
    body = assert_problem(response, 422, VALIDATION)
    assert "path.partner_id" in error_fields(body)


@pytest.mark.parametrize(("method", "path"), WITH_SUB_ID)
async def test_a_malformed_item_id_is_422(client: httpx.AsyncClient, method: str, path: str) -> None:
    body = assert_problem(await client.request(method, p.URL + path.format(pid=ID, sub="12345")), 422, VALIDATION)
    assert error_fields(body) & {"path.location_id", "path.document_id", "path.amendment_id"}


@pytest.mark.parametrize(("method", "path"), WITH_BODY)
async def test_a_missing_body_is_422(client: httpx.AsyncClient, method: str, path: str) -> None:
    body = assert_problem(await client.request(method, p.URL + path.format(pid=ID, sub=ID)), 422, VALIDATION)
    assert error_fields(body) == {"body"}


@pytest.mark.parametrize(("method", "path"), WITH_BODY)
async def test_a_body_that_is_not_json_is_422(client: httpx.AsyncClient, method: str, path: str) -> None:
    url = p.URL + path.format(pid=ID, sub=ID)
    response = await client.request(method, url, content=b"{not json", headers={"content-type": "application/json"})
    assert_problem(response, 422, VALIDATION)


async def test_an_unknown_partner_is_404_everywhere(client: httpx.AsyncClient) -> None:
    for method, path, _ in BY_ID:
        if method == "GET" or path.endswith(("/submit", "/approve", "/reactivate", "/verify", "/renew")):
            response = await client.request(method, p.URL + path.format(pid=ID, sub=ID))
            assert_problem(response, 404, "partner-not-found")


async def test_documents_must_be_base64_small_and_of_an_accepted_type(client: httpx.AsyncClient) -> None:
    draft = await p.create(client)
    url = f"{p.URL}/{draft['id']}/documents"
    body = assert_problem(await client.post(url, json=p.document("iec", content_base64="@@not base64@@")), 422)
    assert error_fields(body) == {"content_base64"}
    assert body["type"] == "urn:mandi:problem:invalid-partner-input"
    too_large = base64.b64encode(b"\0" * (MAX_DOCUMENT_BYTES + 1)).decode()
    body = assert_problem(await client.post(url, json=p.document("iec", content_base64=too_large)), 422)
    assert error_fields(body) == {"content"}
    assert "10 MiB" in body["detail"]
    body = assert_problem(await client.post(url, json=p.document("iec", media_type="text/html")), 422)
    assert error_fields(body) == {"media_type"}
    body = assert_problem(await client.post(url, json=p.document("passport")), 422, VALIDATION)
    assert error_fields(body) == {"type"}
    body = assert_problem(await client.post(url, json=p.document("iec", content_base64="")), 422, VALIDATION)
    assert error_fields(body) == {"content_base64"}
    issued_after_expiry = p.document("iec", issued_on="2025-01-01", expires_on="2024-01-01")
    assert error_fields(assert_problem(await client.post(url, json=issued_after_expiry), 422)) == {"expires_on"}
    assert_problem(await client.get(f"{url}/{ID}"), 404, "partner-document-not-found")
    assert_problem(await client.post(f"{url}/{ID}/verify"), 404, "partner-document-not-found")
    assert p.ok(await client.get(f"{p.URL}/{draft['id']}"))["documents"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("entity_class", "alien"),
        ("legal_form", "cooperative"),
        ("trade_role", "broker"),
        ("service_provider_kind", "astrologer"),
        ("country", "IND"),
        ("registration_date", "yesterday"),
        ("group_id", "group-7"),
        ("has_quality_lab", "perhaps"),
        ("legal_name", ""),
        ("tax_registrations", [{"kind": "ssn", "number": "1", "country": "IN"}]),
    ],
)
async def test_unknown_values_in_a_profile_are_422(client: httpx.AsyncClient, field: str, value: Any) -> None:
    body = assert_problem(await client.post(p.URL, json=p.partner(**{field: value})), 422, VALIDATION)
    assert {f.split(".")[0] for f in error_fields(body)} == {field}


async def test_bad_parts_are_422_naming_the_field(client: httpx.AsyncClient) -> None:
    draft = await p.create(client)
    url = f"{p.URL}/{draft['id']}"
    cases = [
        ("locations", p.location("cellar", "29", None), VALIDATION, {"kind"}),
        ("locations", p.location("branch", "99x", None), VALIDATION, {"state_code"}),
        ("locations", p.location("branch", "00", None), "invalid-partner-input", {"state_code"}),
        ("locations", p.location("branch", None, None), "invalid-partner-input", {"state_code"}),
        ("locations", p.location("branch", "29", None, coordinates={"latitude": "91", "longitude": "0"}), None, None),
        ("locations", p.location("branch", "29", None, default_ship_to=True, can_receive=False), None, None),
        ("bank-accounts", p.bank(account_number="12AB"), "invalid-partner-input", {"account_number"}),
        ("bank-accounts", p.bank(country="India"), VALIDATION, {"country"}),
        ("contacts", p.contact(mobile="98765 43210"), "invalid-partner-input", {"mobile"}),
        ("contacts", p.contact(email="asha.example"), "invalid-partner-input", {"email"}),
        ("contacts", p.contact(full_name=""), VALIDATION, {"full_name"}),
    ]
    for path, payload, code, fields in cases:
        body = assert_problem(await client.post(f"{url}/{path}", json=payload), 422, code)
        if fields is not None:
            assert error_fields(body) == fields, (path, body)
    reasons = [("reject", {"reason": ""}), ("suspend", {"reason": "x" * 1001}), ("request-info", {"note": ""})]
    for path, payload in reasons:
        body = assert_problem(await client.post(f"{url}/{path}", json=payload), 422, VALIDATION)
        assert error_fields(body) == set(payload)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("", {"status": "dormant"}),
        ("", {"kyc_status": "lapsed"}),
        ("", {"entity_class": "alien"}),
        ("", {"country": "IND"}),
        ("", {"pan": "AAPFU"}),
        ("", {"gstin": "27AAPFU"}),
        ("", {"limit": "0"}),
        ("", {"limit": "100000"}),
        ("", {"cursor": "not-a-cursor"}),
        ("", {"name": ""}),
        ("/kyc/expiring", {"days": "soon"}),
        ("/kyc/expiring", {"cursor": "not-a-cursor"}),
    ],
)
async def test_bad_list_filters_are_422(client: httpx.AsyncClient, path: str, query: dict[str, str]) -> None:
    body = assert_problem(await client.get(p.URL + path, params=query), 422)
    assert error_fields(body) == {f"query.{name}" for name in query}


async def test_list_filters_and_pages(client: httpx.AsyncClient, back_office: httpx.AsyncClient) -> None:
    first = await p.create(client)
    second = await p.approved(
        client, back_office, p.partner(p.PAN_KA, p.GSTIN_KA, "29", legal_name="Bharat Agro", trade_name=None)
    )
    third = await p.create(client, p.foreign())

    async def codes(**query: str) -> list[str]:
        return [x["code"] for x in p.ok(await client.get(p.URL, params=query))["items"]]

    assert await codes() == sorted([first["code"], second["code"], third["code"]])
    assert await codes(status="approved") == [second["code"]]
    assert await codes(kyc_status="verified") == [second["code"]]
    assert await codes(country="de") == [third["code"]]
    assert await codes(name="bharat") == [second["code"]]
    assert await codes(name="unique c") == [first["code"]]  # the trade name counts too
    assert await codes(pan=p.PAN_KA.lower()) == [second["code"]]
    assert await codes(gstin=p.GSTIN_MH) == [first["code"]]
    assert await codes(entity_class="service_provider") == []
    page = p.ok(await client.get(p.URL, params={"limit": 2}))
    assert len(page["items"]) == 2
    assert page["next_cursor"]
    rest = p.ok(await client.get(p.URL, params={"limit": 2, "cursor": page["next_cursor"]}))
    assert (len(rest["items"]), rest["next_cursor"]) == (1, None)
