"""The entities a partner owns besides its locations: tax registrations, bank accounts, documents, contacts."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from backend.core.errors import FieldError
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.enums import DocumentType, TaxKind

SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class TaxRegistration:
    kind: TaxKind
    number: str
    country: str  # ISO 3166 alpha-2 of the issuing country


def tax_registration_errors(reg: TaxRegistration, field: str, partner_pan: str | None) -> list[FieldError]:
    number = f"{field}.number"
    if reg.kind is TaxKind.GSTIN:
        if reg.country != "IN":
            return [FieldError(f"{field}.country", "a GSTIN is issued only in India (IN)")]
        return ids.gstin_errors(reg.number, field=number, partner_pan=partner_pan)
    if reg.kind is TaxKind.EIN:
        message = (
            "an EIN is issued only in the United States (US)" if reg.country != "US" else ids.ein_error(reg.number)
        )
        return [FieldError(number, message)] if message else []
    if reg.kind is TaxKind.VAT:
        if reg.country not in ids.EU_COUNTRIES:
            return [FieldError(f"{field}.country", f"{reg.country} is not an EU country; use kind 'other'")]
        message = ids.vat_error(reg.number, reg.country)
        return [FieldError(number, message)] if message else []
    if not 0 < len(reg.number.strip()) <= 40:
        return [FieldError(number, "a tax registration number must have 1 to 40 characters")]
    return []


@dataclass
class BankAccount:
    id: uuid.UUID
    holder_name: str
    account_number: str
    country: str
    ifsc: str | None = None  # India
    swift: str | None = None  # elsewhere, with an IBAN where the country uses them
    iban: str | None = None
    primary: bool = False


def bank_account_errors(account: BankAccount) -> list[FieldError]:
    errors: list[FieldError] = []
    if not account.holder_name.strip():
        errors.append(FieldError("holder_name", "the account holder's name is required"))
    if account.country == "IN":
        if not re.fullmatch(r"[0-9]{9,18}", account.account_number):
            errors.append(FieldError("account_number", "an Indian account number has 9 to 18 digits"))
        if account.ifsc is None:
            errors.append(FieldError("ifsc", "an Indian bank account needs its IFSC"))
        elif message := ids.ifsc_error(account.ifsc):
            errors.append(FieldError("ifsc", message))
        return errors
    if account.swift is None:
        errors.append(FieldError("swift", "a foreign bank account needs its SWIFT/BIC code"))
    elif message := ids.bic_error(account.swift):
        errors.append(FieldError("swift", message))
    if account.iban is not None and (message := ids.iban_error(account.iban)):
        errors.append(FieldError("iban", message))
    if account.iban is None and not account.account_number.strip():
        errors.append(FieldError("account_number", "an account number or an IBAN is required"))
    return errors


@dataclass
class Document:
    id: uuid.UUID
    type: DocumentType
    sha256: str
    issued_on: date | None = None
    expires_on: date | None = None
    number: str | None = None  # e.g. the IEC or licence number printed on it
    country: str | None = None  # issuing country of a foreign tax registration or licence
    verified_by: uuid.UUID | None = None
    verified_at: datetime | None = None

    def valid_on(self, day: date) -> bool:
        """Verified, already issued and not yet expired on ``day``."""
        if self.verified_at is None:
            return False
        if self.issued_on is not None and self.issued_on > day:
            return False
        return self.expires_on is None or self.expires_on >= day


def document_errors(document: Document) -> list[FieldError]:
    errors: list[FieldError] = []
    if not SHA256.fullmatch(document.sha256):
        errors.append(FieldError("sha256", "the content hash must be 64 lower-case hex digits (SHA-256)"))
    if document.issued_on and document.expires_on and document.expires_on < document.issued_on:
        errors.append(FieldError("expires_on", "a document cannot expire before it was issued"))
    return errors


@dataclass
class Contact:
    id: uuid.UUID
    full_name: str
    mobile: str
    email: str | None = None
    designation: str | None = None
    primary: bool = False


def contact_errors(contact: Contact) -> list[FieldError]:
    errors: list[FieldError] = []
    if not 0 < len(contact.full_name.strip()) <= 200:
        errors.append(FieldError("full_name", "a contact's name must have 1 to 200 characters"))
    # the contact becomes an external user who logs in by mobile OTP
    if not re.fullmatch(r"\+[1-9][0-9]{7,14}", contact.mobile):
        errors.append(FieldError("mobile", "the mobile number must be in E.164 form, e.g. +919876543210"))
    if contact.email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact.email):
        errors.append(FieldError("email", f"{contact.email!r} is not an e-mail address"))
    return errors
