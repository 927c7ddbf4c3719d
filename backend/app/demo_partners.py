"""Approved demo partners: onboarded the way the back office does it, through the partners use cases.

The admin (maker) creates the partner with its contact, bank account and KYC documents and submits
it; the checker verifies the documents (which is what grants trade capabilities) and approves it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.app.bootstrap import Container
from backend.core.principal import Principal
from backend.modules.partners.application.commands.add_bank_account import AddBankAccount, add_bank_account
from backend.modules.partners.application.commands.add_contact import AddContact, add_contact
from backend.modules.partners.application.commands.approve_partner import ApprovePartner, approve_partner
from backend.modules.partners.application.commands.create_partner import CreatePartner, create_partner
from backend.modules.partners.application.commands.submit_partner import SubmitPartner, submit_partner
from backend.modules.partners.application.commands.upload_document import UploadDocument, upload_document
from backend.modules.partners.application.commands.verify_document import VerifyDocument, verify_document
from backend.modules.partners.application.inputs import BankAccountInput, ContactInput, LocationInput
from backend.modules.partners.domain.enums import DocumentType, EntityClass, LegalForm, LocationKind, TaxKind, TradeRole
from backend.modules.partners.domain.locations import Address, Coordinates
from backend.modules.partners.domain.parts import TaxRegistration
from backend.modules.partners.domain.profile import PartnerProfile

GST_START = date(2017, 7, 1)  # every GST registration certificate dates from GST's start or later


def indian_business(
    legal_name: str,
    legal_form: LegalForm,
    trade_role: TradeRole,
    gstin: str,
    registered: date,
    turnover: Decimal,
    *,
    trade_name: str | None = None,
    has_quality_lab: bool = False,
    has_own_transport: bool = False,
) -> PartnerProfile:
    """An Indian business registered for GST; its PAN is the one inside the GSTIN (characters 3-12)."""
    return PartnerProfile(
        legal_name=legal_name,
        trade_name=trade_name,
        country="IN",
        entity_class=EntityClass.BUSINESS_ENTITY,
        legal_form=legal_form,
        trade_role=trade_role,
        pan=gstin[2:12],
        tax_registrations=(TaxRegistration(TaxKind.GSTIN, gstin, "IN"),),
        registration_date=registered,
        annual_turnover=turnover,
        has_quality_lab=has_quality_lab,
        has_own_transport=has_own_transport,
    )


def head_office(address: Address, gstin: str, coordinates: Coordinates | None = None) -> LocationInput:
    """A head office in the GSTIN's state that ships and receives (the default for both); matching
    measures distances from its coordinates, so a partner that trades needs them."""
    state_code = gstin[:2]
    return LocationInput(
        LocationKind.HEAD_OFFICE, "Head office", address, state_code, gstin, coordinates, True, True, True, True
    )


@dataclass(frozen=True)
class DemoPartner:
    """Everything one approved demo partner is onboarded with."""

    profile: PartnerProfile
    office: LocationInput
    contact: ContactInput
    bank_account: BankAccountInput


@dataclass(frozen=True)
class DemoParty:
    """An approved partner as trading refers to it."""

    id: uuid.UUID
    location_id: uuid.UUID


async def approved_partner(container: Container, maker: Principal, checker: Principal, spec: DemoPartner) -> DemoParty:
    created = await create_partner(CreatePartner(spec.profile, spec.office), maker, container.partners)
    await add_contact(AddContact(created.id, spec.contact), maker, container.partners)
    await add_bank_account(AddBankAccount(created.id, spec.bank_account), maker, container.partners)
    documents = [await _upload(container, maker, created.id, kind, spec.profile) for kind in _KYC]
    await submit_partner(SubmitPartner(created.id), maker, container.partners)
    for document_id in documents:
        await verify_document(VerifyDocument(created.id, document_id), checker, container.partners)
    approved = await approve_partner(ApprovePartner(created.id), checker, container.partners)
    return DemoParty(approved.id, approved.locations[0].id)


# domestic trade in India needs a verified GST certificate and a verified PAN card
_KYC = (DocumentType.GST_CERTIFICATE, DocumentType.PAN_CARD)


async def _upload(
    container: Container, maker: Principal, partner_id: uuid.UUID, kind: DocumentType, profile: PartnerProfile
) -> uuid.UUID:
    gst = kind is DocumentType.GST_CERTIFICATE
    number = profile.tax_registrations[0].number if gst else profile.pan
    issued_on = max(GST_START, profile.registration_date or GST_START) if gst else profile.registration_date
    # a stand-in scan that says what it is: the demo has no real certificates
    content = f"%PDF-1.4\n% Mandi demo: {kind.value} {number} of {profile.legal_name}, not a real document\n%%EOF\n"
    command = UploadDocument(partner_id, kind, content.encode(), "application/pdf", issued_on=issued_on, number=number)
    uploaded = await upload_document(command, maker, container.partners)
    return uploaded.id
