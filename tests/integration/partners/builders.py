"""Partners for repository tests: every field filled, identifiers valid and unique per call."""

from __future__ import annotations

import hashlib
import random
import string
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from stdnum import luhn

from backend.modules.partners.domain.amendments import Amendment, CreditLimitChange, Value
from backend.modules.partners.domain.capabilities import Capability
from backend.modules.partners.domain.enums import (
    DocumentType,
    EntityClass,
    KycStatus,
    LegalForm,
    LocationKind,
    PartnerStatus,
    ServiceProviderKind,
    TaxKind,
    TradeRole,
)
from backend.modules.partners.domain.locations import Address, Coordinates, Location
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import BankAccount, Contact, Document, TaxRegistration
from backend.modules.partners.domain.profile import PartnerProfile

TODAY = date(2026, 6, 15)
MAKER = uuid.UUID(int=2)
CHECKER = uuid.UUID(int=3)
GSTIN_ALPHABET = string.digits + string.ascii_uppercase


def new_pan() -> str:
    """A valid, random PAN of a company (fourth letter C)."""
    letters = string.ascii_uppercase
    return (
        "".join(random.choices(letters, k=3))
        + "C"
        + random.choice(letters)
        + f"{random.randint(1, 9999):04d}"
        + random.choice(letters)
    )


def gstin_for(pan: str, state_code: str) -> str:
    body = f"{state_code}{pan}1Z"
    return body + str(luhn.calc_check_digit(body, GSTIN_ALPHABET))


def indian_profile(pan: str, **overrides: Any) -> PartnerProfile:
    values: dict[str, Any] = {
        "legal_name": "Unique Cotton Traders Private Limited",
        "country": "IN",
        "entity_class": EntityClass.BUSINESS_ENTITY,
        "legal_form": LegalForm.PRIVATE_LIMITED,
        "trade_role": TradeRole.BOTH,
        "trade_name": "Unique Cotton",
        "pan": pan,
        "tax_registrations": (
            TaxRegistration(TaxKind.GSTIN, gstin_for(pan, "27"), "IN"),
            TaxRegistration(TaxKind.OTHER, "U51909MH2015PTC123456", "IN"),
        ),
        "registration_date": date(2015, 4, 1),
        "annual_turnover": Decimal("123456789.50"),
        "group_id": uuid.uuid4(),
        "master_partner_id": uuid.uuid4(),
        "has_quality_lab": True,
        "has_own_transport": True,
    }
    return PartnerProfile(**{**values, **overrides})


def foreign_broker_profile(**overrides: Any) -> PartnerProfile:
    values: dict[str, Any] = {
        "legal_name": "Hamburg Cotton Brokers GmbH",
        "country": "DE",
        "entity_class": EntityClass.SERVICE_PROVIDER,
        "service_provider_kind": ServiceProviderKind.BROKER,
        "legal_form": LegalForm.FOREIGN_ENTITY,
        "trade_role": TradeRole.BOTH,
        "tax_registrations": (TaxRegistration(TaxKind.VAT, "DE136695976", "DE"),),
    }
    return PartnerProfile(**{**values, **overrides})


def head_office(pan: str | None) -> Location:
    indian = pan is not None
    return Location(
        id=uuid.uuid4(),
        kind=LocationKind.HEAD_OFFICE,
        name="Head office",
        address=Address("1 Cotton Exchange Road", "Mumbai", "400001", "IN", line2="Fort", state="Maharashtra")
        if indian
        else Address("Baumwollstrasse 1", "Hamburg", "20095", "DE"),
        state_code="27" if indian else None,
        gstin=gstin_for(pan, "27") if pan is not None else None,
        coordinates=Coordinates(Decimal("18.9322"), Decimal("72.8264")) if indian else None,
        can_ship_from=True,
        can_receive=True,
        default_ship_from=True,
        default_ship_to=True,
    )


def branch(pan: str, state_code: str = "29", **overrides: Any) -> Location:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "kind": LocationKind.BRANCH,
        "name": f"Branch {state_code}",
        "address": Address("4 Market Road", "Bengaluru", "560001", "IN", state="Karnataka"),
        "state_code": state_code,
        "gstin": gstin_for(pan, state_code),
        "coordinates": Coordinates(Decimal("12.97160"), Decimal("77.594566")),
        "can_receive": True,
    }
    return Location(**{**values, **overrides})


def document(kind: DocumentType, **overrides: Any) -> Document:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "type": kind,
        "sha256": hashlib.sha256(f"{kind.value}{uuid.uuid4()}".encode()).hexdigest(),
        "issued_on": date(2020, 1, 1),
        "expires_on": date(2030, 12, 31),
        "number": "AB1234567",
        "country": "IN",
    }
    return Document(**{**values, **overrides})


def draft(
    tenant_id: uuid.UUID, code: str, *, pan: str | None = None, branch_id: uuid.UUID | None = None, **profile: Any
) -> Partner:
    """An Indian partner in draft (a foreign broker when ``pan`` is the empty string)."""
    if pan == "":
        prof, pan_used = foreign_broker_profile(**profile), None
    else:
        pan_used = pan or new_pan()
        prof = indian_profile(pan_used, **profile)
    partner = Partner.start_onboarding(
        tenant_id=tenant_id,
        code=code,
        profile=prof,
        head_office=head_office(pan_used),
        today=TODAY,
        created_by=MAKER,
        branch_id=branch_id,
    )
    partner.add_contact(Contact(uuid.uuid4(), "Asha Patil", "+919876543210", "asha@example.com", "Director", True))
    return partner


def full_partner(tenant_id: uuid.UUID, code: str, *, branch_id: uuid.UUID | None = None) -> Partner:
    """Every entity a partner owns, approved, overridden and then suspended: no field left empty."""
    pan = new_pan()
    partner = Partner.start_onboarding(
        tenant_id=tenant_id,
        code=code,
        profile=indian_profile(pan),
        head_office=head_office(pan),
        today=TODAY,
        created_by=MAKER,
        branch_id=branch_id,
    )
    partner.add_location(branch(pan))
    partner.add_location(
        Location(
            uuid.uuid4(),
            LocationKind.WAREHOUSE,
            "Bhiwandi warehouse",
            Address("Plot 7", "Bhiwandi", "421302", "IN"),
            "27",
            can_ship_from=True,
        )
    )
    partner.add_bank_account(BankAccount(uuid.uuid4(), "Unique Cotton", "001234567890", "IN", ifsc="HDFC0001234"))
    partner.add_bank_account(
        BankAccount(
            uuid.uuid4(), "Unique Cotton", "", "DE", swift="DEUTDEFF", iban="DE89370400440532013000", primary=True
        )
    )
    partner.add_contact(Contact(uuid.uuid4(), "Asha Patil", "+919876543210", "asha@example.com", "Director", True))
    partner.add_contact(Contact(uuid.uuid4(), "Ravi Rao", "+919812345678"))
    for kind in (DocumentType.GST_CERTIFICATE, DocumentType.PAN_CARD, DocumentType.IEC):
        partner.add_document(document(kind))
    partner.add_document(document(DocumentType.CANCELLED_CHEQUE, issued_on=None, expires_on=None, number=None))
    for doc in partner.documents[:3]:
        partner.verify_document(doc.id, CHECKER, datetime(2026, 6, 14, 10, 30, 15, 123456, tzinfo=UTC))
    partner.submit(MAKER, TODAY)
    partner.approve(CHECKER, TODAY)
    partner.override_capabilities(
        frozenset({Capability.DOMESTIC_BUY, Capability.EXPORT}), "Board approved 2026", CHECKER
    )
    partner.suspend(CHECKER, "Bank details under review")
    return partner


def approved(partner: Partner, expires_on: date) -> Partner:
    """``partner`` as approved with KYC valid until ``expires_on`` (set directly: a storage fixture)."""
    partner.status, partner.kyc_status, partner.kyc_expires_on = PartnerStatus.APPROVED, KycStatus.VERIFIED, expires_on
    return partner


def amendments_of_each_kind(partner: Partner) -> list[Amendment]:
    pan = partner.profile.pan
    assert pan is not None
    contact = partner.contacts[0]
    values: list[Value] = [
        BankAccount(uuid.uuid4(), "Unique Cotton", "009876543210", "IN", ifsc="ICIC0004321", primary=True),
        branch(pan, "33", name="Chennai branch", address=Address("9 Harbour Road", "Chennai", "600001", "IN")),
        Contact(contact.id, contact.full_name, "+919900112233", "asha@unique.example", "Managing Director", True),
        CreditLimitChange(Decimal("2500000.00"), "INR"),
    ]
    return [Amendment.request(partner, value, MAKER) for value in values]
