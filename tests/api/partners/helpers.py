"""Bodies, identifiers and short paths for the partner API tests (real PostgreSQL, httpx against the app).

The identifiers are real: PAN and GSTIN examples that pass python-stdnum's checks, and GSTINs computed
for any PAN and state with the GSTIN check character (Luhn mod 36), so a test can make as many
partners as it needs without clashing inside its tenant.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import string
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from stdnum import luhn

from backend.app.bootstrap import Container
from backend.modules.partners.infrastructure.tables import outbox

URL = "/api/v1/partners"
PAN_MH, GSTIN_MH = "AAPFU0939F", "27AAPFU0939F1ZV"  # Maharashtra (27)
PAN_KA, GSTIN_KA = "AAGCB7383J", "29AAGCB7383J1Z4"  # Karnataka (29)
PAN_TN, GSTIN_TN = "AAACH7409R", "33AAACH7409R1Z8"  # Tamil Nadu (33)
GSTIN_ALPHABET = string.digits + string.ascii_uppercase
CRORE = 10_000_000
LAKH = 100_000
PDF = b"%PDF-1.4\n% a scanned certificate\n" + bytes(range(256))


def gstin(pan: str, state_code: str, entity: str = "1") -> str:
    """A valid GSTIN of ``pan`` registered in ``state_code`` (the check character computed)."""
    body = f"{state_code}{pan}{entity}Z"
    return body + luhn.calc_check_digit(body, GSTIN_ALPHABET)


def broken(number: str) -> str:
    """``number`` with another last (check) character: the checksum fails."""
    return number[:-1] + ("A" if number[-1] != "A" else "B")


def new_pan(holder: str = "F") -> str:
    """A PAN nobody else in the test uses: 3 letters, the holder type, a letter, 4 digits, a letter."""
    letters = string.ascii_uppercase
    first = "".join(secrets.choice(letters) for _ in range(3))
    return f"{first}{holder}{secrets.choice(letters)}{secrets.randbelow(9000) + 1000}{secrets.choice(letters)}"


def unique_mobile() -> str:
    return f"+9197{secrets.randbelow(10**8):08d}"


def months_ago(months: int, today: date | None = None) -> str:
    return ((today or date.today()) - timedelta(days=months * 31)).isoformat()


# bodies


def address(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "line1": "14 Cotton Exchange Road",
        "city": "Mumbai",
        "state": "Maharashtra",
        "postal_code": "400001",
        "country": "IN",
    }
    return {**body, **overrides}


def location(
    kind: str = "head_office", state_code: str | None = "27", number: str | None = GSTIN_MH, **overrides: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": kind,
        "name": "Head office" if kind == "head_office" else f"{kind.replace('_', ' ').title()} {state_code}",
        "address": address(),
        "state_code": state_code,
        "gstin": number,
        "can_ship_from": True,
        "can_receive": True,
    }
    return {**body, **overrides}


def branch_in_karnataka(pan: str = PAN_MH) -> dict[str, Any]:
    """A branch in Karnataka (29) with its own GSTIN under the partner's PAN."""
    return location(
        "branch",
        "29",
        gstin(pan, "29"),
        name="Bengaluru branch",
        address=address(line1="7 Market Road", city="Bengaluru", state="Karnataka", postal_code="560002"),
    )


def partner(
    pan: str | None = PAN_MH, number: str | None = None, state_code: str = "27", **overrides: Any
) -> dict[str, Any]:
    """An Indian partnership in business for years with 2 crore turnover: score 90 (low risk)."""
    number = number or gstin(pan or PAN_MH, state_code)
    body: dict[str, Any] = {
        "legal_name": "Unique Traders",
        "trade_name": "Unique Cotton",
        "country": "IN",
        "entity_class": "business_entity",
        "legal_form": "partnership",
        "trade_role": "both",
        "pan": pan,
        "tax_registrations": [{"kind": "gstin", "number": number, "country": "IN"}],
        "registration_date": "2015-04-01",
        "annual_turnover": str(2 * CRORE),
        "head_office": location(state_code=state_code, number=number),
    }
    return {**body, **overrides}


def medium_risk(pan: str, **overrides: Any) -> dict[str, Any]:
    """Score 65 (medium): 50 - 5 proprietorship + 10 for 3 years + 10 for 60 lakh turnover."""
    facts = {"legal_form": "proprietorship", "registration_date": months_ago(36), "annual_turnover": str(60 * LAKH)}
    return partner(pan, **{**facts, **overrides})


def high_risk(pan: str, **overrides: Any) -> dict[str, Any]:
    """Score 30 (high): 50 - 5 proprietorship - 15 for 6 months, turnover 5 lakh earns nothing."""
    facts = {"legal_form": "proprietorship", "registration_date": months_ago(6), "annual_turnover": str(5 * LAKH)}
    return partner(pan, **{**facts, **overrides})


def foreign(**overrides: Any) -> dict[str, Any]:
    """A German foreign entity with its EU VAT number, head office in Hamburg."""
    body: dict[str, Any] = {
        "legal_name": "Hamburg Cotton GmbH",
        "country": "DE",
        "entity_class": "business_entity",
        "legal_form": "foreign_entity",
        "trade_role": "buyer",
        "tax_registrations": [{"kind": "vat", "number": "DE136695976", "country": "DE"}],
        "registration_date": "2001-01-01",
        "head_office": {
            "kind": "head_office",
            "name": "Hamburg",
            "address": {"line1": "Baumwollstrasse 1", "city": "Hamburg", "postal_code": "20095", "country": "DE"},
        },
    }
    return {**body, **overrides}


def bank(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "holder_name": "Unique Traders",
        "account_number": "50100012345678",
        "country": "IN",
        "ifsc": "HDFC0000001",
        "primary": True,
    }
    return {**body, **overrides}


def contact(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Asha Patil",
        "mobile": unique_mobile(),
        # a domain of its own: two partners sharing a company domain are linked parties to the risk check
        "email": f"asha@{uuid.uuid4().hex[:8]}.example",
        "designation": "Partner",
        "primary": True,
    }
    return {**body, **overrides}


def document(kind: str, content: bytes = PDF, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": kind,
        "media_type": "application/pdf",
        "content_base64": base64.b64encode(content + kind.encode()).decode(),
    }
    return {**body, **overrides}


def sha256(body: dict[str, Any]) -> str:
    return hashlib.sha256(base64.b64decode(body["content_base64"])).hexdigest()


# short paths (each asserts the step worked)


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def create(client: httpx.AsyncClient, body: dict[str, Any] | None = None) -> dict[str, Any]:
    return ok(await client.post(URL, json=body or partner()), 201)


async def ready(client: httpx.AsyncClient, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """A draft with a primary contact and a bank account: it can be submitted."""
    created = await create(client, body)
    ok(await client.post(f"{URL}/{created['id']}/contacts", json=contact()), 201)
    return ok(await client.post(f"{URL}/{created['id']}/bank-accounts", json=bank()), 201)


async def submitted(
    client: httpx.AsyncClient, body: dict[str, Any] | None = None, submitter: httpx.AsyncClient | None = None
) -> dict[str, Any]:
    """Created by ``client``, submitted by ``submitter`` (default: ``client``)."""
    draft = await ready(client, body)
    return ok(await (submitter or client).post(f"{URL}/{draft['id']}/submit"))


async def approved(
    maker: httpx.AsyncClient, checker: httpx.AsyncClient, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Created and submitted by ``maker``, approved by ``checker``."""
    partner_ = await submitted(maker, body)
    return ok(await checker.post(f"{URL}/{partner_['id']}/approve"))


async def upload(client: httpx.AsyncClient, partner_id: str, kind: str, **overrides: Any) -> dict[str, Any]:
    return ok(await client.post(f"{URL}/{partner_id}/documents", json=document(kind, **overrides)), 201)


async def tradeable(client: httpx.AsyncClient, partner_id: str, *kinds: str) -> None:
    """Upload and verify each document kind (the client needs both permissions)."""
    for kind in kinds:
        uploaded = await upload(client, partner_id, kind)
        ok(await client.post(f"{URL}/{partner_id}/documents/{uploaded['id']}/verify"))


# the outbox


async def events(container: Container, partner_id: object, wire_name: str | None = None) -> list[dict[str, Any]]:
    """Payloads the partner's units of work wrote to ``partners.outbox``, oldest first."""
    statement = select(outbox.c.wire_name, outbox.c.payload).where(outbox.c.aggregate_id == str(partner_id))
    async with container.session_factory() as session:
        rows = (await session.execute(statement.order_by(outbox.c.seq))).all()
    return [{"wire_name": row.wire_name, **row.payload} for row in rows if wire_name in (None, row.wire_name)]


async def wire_names(container: Container, partner_id: object) -> list[str]:
    return [event["wire_name"] for event in await events(container, partner_id)]
