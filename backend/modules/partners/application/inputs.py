"""What a caller supplies for a partner's parts; the use case gives each new part its id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from backend.core.ids import new_uuid
from backend.modules.partners.domain.amendments import CreditLimitChange
from backend.modules.partners.domain.enums import LocationKind
from backend.modules.partners.domain.locations import Address, Coordinates, Location
from backend.modules.partners.domain.parts import BankAccount, Contact


@dataclass(frozen=True)
class LocationInput:
    kind: LocationKind
    name: str
    address: Address
    state_code: str | None = None
    gstin: str | None = None
    coordinates: Coordinates | None = None
    can_ship_from: bool = False
    can_receive: bool = False
    default_ship_from: bool = False
    default_ship_to: bool = False

    def build(self) -> Location:
        return Location(
            new_uuid(),
            self.kind,
            self.name.strip(),
            self.address,
            self.state_code,
            self.gstin,
            self.coordinates,
            self.can_ship_from,
            self.can_receive,
            self.default_ship_from,
            self.default_ship_to,
        )


@dataclass(frozen=True)
class BankAccountInput:
    holder_name: str
    account_number: str
    country: str
    ifsc: str | None = None
    swift: str | None = None
    iban: str | None = None
    primary: bool = False

    def build(self) -> BankAccount:
        return BankAccount(
            new_uuid(),
            self.holder_name.strip(),
            self.account_number.strip(),
            self.country.strip().upper(),
            None if self.ifsc is None else self.ifsc.strip().upper(),
            None if self.swift is None else self.swift.strip().upper(),
            None if self.iban is None else self.iban.replace(" ", "").upper(),
            self.primary,
        )


@dataclass(frozen=True)
class ContactInput:
    """``id`` names the contact a contact-change amendment replaces; None adds a new one."""

    full_name: str
    mobile: str
    email: str | None = None
    designation: str | None = None
    primary: bool = False
    id: uuid.UUID | None = None

    def build(self) -> Contact:
        email = None if self.email is None else self.email.strip().lower()
        return Contact(
            self.id or new_uuid(), self.full_name.strip(), self.mobile.strip(), email, self.designation, self.primary
        )


@dataclass(frozen=True)
class CreditLimitInput:
    amount: Decimal
    currency: str = "INR"

    def build(self) -> CreditLimitChange:
        return CreditLimitChange(self.amount, self.currency.strip().upper())


ChangeInput = BankAccountInput | LocationInput | ContactInput | CreditLimitInput
