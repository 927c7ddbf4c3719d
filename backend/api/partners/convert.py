"""HTTP bodies to the application's inputs."""

from __future__ import annotations

import base64
import binascii
import uuid

from backend.api.partners.schemas import (
    AddressWrite,
    BankAccountCreate,
    ContactCreate,
    LocationCreate,
    ProfileWrite,
)
from backend.core.errors import FieldError
from backend.modules.partners.application.inputs import BankAccountInput, ContactInput, LocationInput
from backend.modules.partners.domain.errors import InvalidPartnerInput
from backend.modules.partners.domain.locations import Address, Coordinates
from backend.modules.partners.domain.parts import TaxRegistration
from backend.modules.partners.domain.profile import PartnerProfile


def address(body: AddressWrite) -> Address:
    return Address(body.line1, body.city, body.postal_code, body.country.upper(), body.line2, body.state)


def location(body: LocationCreate) -> LocationInput:
    coordinates = body.coordinates
    return LocationInput(
        kind=body.kind,
        name=body.name,
        address=address(body.address),
        state_code=body.state_code,
        gstin=body.gstin,
        coordinates=None if coordinates is None else Coordinates(coordinates.latitude, coordinates.longitude),
        can_ship_from=body.can_ship_from,
        can_receive=body.can_receive,
        default_ship_from=body.default_ship_from,
        default_ship_to=body.default_ship_to,
    )


def profile(body: ProfileWrite) -> PartnerProfile:
    return PartnerProfile(
        legal_name=body.legal_name,
        country=body.country,
        entity_class=body.entity_class,
        legal_form=body.legal_form,
        trade_role=body.trade_role,
        trade_name=body.trade_name,
        service_provider_kind=body.service_provider_kind,
        pan=body.pan,
        tax_registrations=tuple(
            TaxRegistration(r.kind, r.number.strip().upper(), r.country.upper()) for r in body.tax_registrations
        ),
        registration_date=body.registration_date,
        annual_turnover=body.annual_turnover,
        group_id=body.group_id,
        master_partner_id=body.master_partner_id,
        has_quality_lab=body.has_quality_lab,
        has_own_transport=body.has_own_transport,
    )


def bank_account(body: BankAccountCreate) -> BankAccountInput:
    return BankAccountInput(
        body.holder_name, body.account_number, body.country, body.ifsc, body.swift, body.iban, body.primary
    )


def contact(body: ContactCreate, replaces: uuid.UUID | None = None) -> ContactInput:
    return ContactInput(body.full_name, body.mobile, body.email, body.designation, body.primary, id=replaces)


def decoded(content_base64: str) -> bytes:
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidPartnerInput([FieldError("content_base64", "the content is not valid base64")]) from error
