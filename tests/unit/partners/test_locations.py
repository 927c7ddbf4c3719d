"""Locations, bank accounts, documents and contacts owned by a partner."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.modules.partners.domain.enums import DocumentType, LocationKind
from backend.modules.partners.domain.errors import HeadOfficeRequired, InvalidPartnerInput, PartnerItemNotFound
from backend.modules.partners.domain.locations import Address, Coordinates
from tests.unit.partners.builders import (
    GSTIN_KA,
    GSTIN_TN,
    PAN_KA,
    bank_account,
    contact,
    document,
    draft,
    foreign_profile,
    location,
    profile,
)

BRANCH_KA = Address("5 MG Road", "Bengaluru", "560001", "IN")


def errors_of(call: object, *args: object) -> list[str]:
    with pytest.raises(InvalidPartnerInput) as invalid:
        call(*args)  # type: ignore[operator]
    return [e.field for e in invalid.value.errors]


def test_a_branch_in_another_state_has_its_own_gstin() -> None:
    partner = draft(profile(pan=PAN_KA, tax_registrations=()), location(gstin=None))
    partner.add_location(location(kind=LocationKind.BRANCH, address=BRANCH_KA, state_code="29", gstin=GSTIN_KA.lower()))
    assert partner.locations.gstins == [GSTIN_KA]


def test_branch_gstin_must_match_state_and_pan() -> None:
    partner = draft()
    wrong_state = location(kind=LocationKind.BRANCH, address=BRANCH_KA, state_code="29")
    with pytest.raises(InvalidPartnerInput) as invalid:
        partner.add_location(wrong_state)
    assert "registered in state 27, not in 29" in invalid.value.errors[0].message
    wrong_pan = location(kind=LocationKind.BRANCH, state_code="33", gstin=GSTIN_TN)
    assert errors_of(partner.add_location, wrong_pan) == ["gstin"]


def test_location_rules_name_their_fields() -> None:
    partner = draft()
    bad = location(
        kind=LocationKind.WAREHOUSE,
        name="",
        state_code=None,
        gstin=None,
        coordinates=Coordinates(Decimal(91), Decimal(0)),
        can_ship_from=False,
        default_ship_from=True,
    )
    assert errors_of(partner.add_location, bad) == ["name", "state_code", "coordinates.latitude", "default_ship_from"]


def test_a_second_head_office_and_a_duplicate_gstin_are_refused() -> None:
    partner = draft()
    assert errors_of(partner.add_location, location()) == ["kind", "gstin"]


def test_foreign_locations_have_no_gstin() -> None:
    partner = draft(foreign_profile())
    assert errors_of(partner.add_location, location(kind=LocationKind.PORT)) == ["gstin"]


def test_the_only_head_office_cannot_be_removed() -> None:
    partner = draft()
    head = partner.locations.head_office
    assert head is not None
    with pytest.raises(HeadOfficeRequired):
        partner.remove_location(head.id)
    assert partner.locations.head_office is head


def test_other_locations_can_be_removed() -> None:
    partner = draft()
    port = location(kind=LocationKind.PORT, gstin=None)
    partner.add_location(port)
    partner.remove_location(port.id)
    with pytest.raises(PartnerItemNotFound):
        partner.remove_location(port.id)


def test_a_new_default_replaces_the_old_one() -> None:
    partner = draft()
    first = location(kind=LocationKind.WAREHOUSE, gstin=None, default_ship_from=True)
    second = location(kind=LocationKind.FACTORY, gstin=None, default_ship_from=True, default_ship_to=True)
    partner.add_location(first)
    partner.add_location(second)
    assert [loc.default_ship_from for loc in partner.locations.items] == [False, False, True]


def test_bank_accounts() -> None:
    partner = draft()
    partner.add_bank_account(bank_account(primary=True))
    assert errors_of(partner.add_bank_account, bank_account(ifsc="HDFC1001234")) == ["ifsc"]
    assert errors_of(partner.add_bank_account, bank_account(ifsc=None, account_number="12")) == [
        "account_number",
        "ifsc",
    ]
    foreign = bank_account(country="DE", ifsc=None, swift="DEUTDEFF", iban="DE89370400440532013000", primary=True)
    partner.add_bank_account(foreign)
    assert [a.primary for a in partner.bank_accounts] == [False, True]
    assert errors_of(partner.add_bank_account, bank_account(country="DE", ifsc=None, iban="DE00")) == ["swift", "iban"]


def test_documents_and_contacts() -> None:
    partner = draft()
    assert errors_of(partner.add_document, document(DocumentType.IEC, sha256="abc")) == ["sha256"]
    with pytest.raises(PartnerItemNotFound):
        partner.verify_document(uuid.uuid4(), uuid.uuid4())
    assert errors_of(partner.add_contact, contact(mobile="98765", email="nope")) == ["mobile", "email"]
    partner.add_contact(contact(full_name="Second", primary=True))
    assert partner.primary_contact is not None
    assert partner.primary_contact.full_name == "Second"
