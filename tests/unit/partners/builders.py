"""Small builders for partner domain tests: a valid Indian partner unless told otherwise."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from backend.modules.partners.domain.enums import (
    DocumentType,
    EntityClass,
    LegalForm,
    LocationKind,
    TaxKind,
    TradeRole,
)
from backend.modules.partners.domain.locations import Address, Location
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import BankAccount, Contact, Document, TaxRegistration
from backend.modules.partners.domain.profile import PartnerProfile

TODAY = date(2026, 6, 15)
GSTIN_MH, PAN_MH = "27AAPFU0939F1ZV", "AAPFU0939F"
GSTIN_KA, PAN_KA = "29AAGCB7383J1Z4", "AAGCB7383J"
GSTIN_TN, PAN_TN = "33AAACH7409R1Z8", "AAACH7409R"
TENANT = uuid.UUID(int=1)
MAKER = uuid.UUID(int=2)
CHECKER = uuid.UUID(int=3)


def profile(**overrides: Any) -> PartnerProfile:
    base = PartnerProfile(
        legal_name="Unique Traders",
        country="IN",
        entity_class=EntityClass.BUSINESS_ENTITY,
        legal_form=LegalForm.PARTNERSHIP,
        trade_role=TradeRole.BOTH,
        pan=PAN_MH,
        tax_registrations=(TaxRegistration(TaxKind.GSTIN, GSTIN_MH, "IN"),),
        registration_date=date(2020, 1, 1),
        annual_turnover=Decimal("20000000"),
    )
    return replace(base, **overrides)


def foreign_profile(**overrides: Any) -> PartnerProfile:
    return profile(
        **{
            "legal_name": "Hamburg Cotton GmbH",
            "country": "DE",
            "legal_form": LegalForm.FOREIGN_ENTITY,
            "pan": None,
            "tax_registrations": (TaxRegistration(TaxKind.VAT, "DE136695976", "DE"),),
            **overrides,
        }
    )


def location(**overrides: Any) -> Location:
    base = Location(
        id=uuid.uuid4(),
        kind=LocationKind.HEAD_OFFICE,
        name="Head office",
        address=Address("1 Cotton Exchange Road", "Mumbai", "400001", "IN", state="Maharashtra"),
        state_code="27",
        gstin=GSTIN_MH,
        can_ship_from=True,
        can_receive=True,
    )
    return replace(base, **overrides)


def foreign_location(**overrides: Any) -> Location:
    address = Address("Baumwollstrasse 1", "Hamburg", "20095", "DE")
    return location(**{"address": address, "state_code": None, "gstin": None, **overrides})


def contact(**overrides: Any) -> Contact:
    return replace(Contact(uuid.uuid4(), "Asha Patil", "+919876543210", "asha@example.com", primary=True), **overrides)


def bank_account(**overrides: Any) -> BankAccount:
    return replace(BankAccount(uuid.uuid4(), "Unique Traders", "001234567890", "IN", ifsc="HDFC0001234"), **overrides)


def document(kind: DocumentType, *, verified: bool = True, **overrides: Any) -> Document:
    base = Document(
        id=uuid.uuid4(),
        type=kind,
        sha256=hashlib.sha256(kind.value.encode()).hexdigest(),
        issued_on=date(2020, 1, 1),
        verified_by=CHECKER if verified else None,
        verified_at=datetime(2026, 1, 1, tzinfo=UTC) if verified else None,
    )
    return replace(base, **overrides)


def draft(prof: PartnerProfile | None = None, head: Location | None = None, *, with_contact: bool = True) -> Partner:
    prof = prof or profile()
    head = head or (location() if prof.country == "IN" else foreign_location())
    code = f"BP-{prof.country}-0001"
    partner = Partner.start_onboarding(
        tenant_id=TENANT, code=code, profile=prof, head_office=head, today=TODAY, created_by=MAKER
    )
    if with_contact:
        partner.add_contact(contact())
    partner.pull_events()
    return partner


def approved(prof: PartnerProfile | None = None, *docs: Document, head: Location | None = None) -> Partner:
    partner = draft(prof, head)
    for doc in docs:
        partner.add_document(doc)
    partner.submit(MAKER, TODAY)
    partner.approve(CHECKER, TODAY)
    partner.pull_events()
    return partner
