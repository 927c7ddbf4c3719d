"""Amendments to rows and back. The old and new values (bank account, location, contact, credit
limit) go to JSON with every field spelt out; decimals travel as strings so they come back exactly."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from backend.modules.partners.domain.amendments import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    CreditLimitChange,
    Value,
)
from backend.modules.partners.domain.enums import LocationKind
from backend.modules.partners.domain.locations import Address, Coordinates, Location
from backend.modules.partners.domain.parts import BankAccount, Contact
from backend.modules.partners.infrastructure.record_tables import AmendmentRow


def value_json(value: Value) -> dict[str, Any]:
    if isinstance(value, BankAccount):
        return {
            "id": str(value.id),
            "holder_name": value.holder_name,
            "account_number": value.account_number,
            "country": value.country,
            "ifsc": value.ifsc,
            "swift": value.swift,
            "iban": value.iban,
            "primary": value.primary,
        }
    if isinstance(value, Contact):
        return {
            "id": str(value.id),
            "full_name": value.full_name,
            "mobile": value.mobile,
            "email": value.email,
            "designation": value.designation,
            "primary": value.primary,
        }
    if isinstance(value, CreditLimitChange):
        return {"amount": str(value.amount), "currency": value.currency}
    address, point = value.address, value.coordinates
    return {
        "id": str(value.id),
        "kind": value.kind.value,
        "name": value.name,
        "address": {
            "line1": address.line1,
            "line2": address.line2,
            "city": address.city,
            "state": address.state,
            "postal_code": address.postal_code,
            "country": address.country,
        },
        "state_code": value.state_code,
        "gstin": value.gstin,
        "coordinates": None if point is None else {"latitude": str(point.latitude), "longitude": str(point.longitude)},
        "can_ship_from": value.can_ship_from,
        "can_receive": value.can_receive,
        "default_ship_from": value.default_ship_from,
        "default_ship_to": value.default_ship_to,
    }


def value_from(kind: AmendmentKind, data: dict[str, Any]) -> Value:
    if kind is AmendmentKind.BANK_CHANGE:
        return BankAccount(
            uuid.UUID(data["id"]),
            data["holder_name"],
            data["account_number"],
            data["country"],
            data["ifsc"],
            data["swift"],
            data["iban"],
            data["primary"],
        )
    if kind is AmendmentKind.CONTACT_CHANGE:
        return Contact(
            uuid.UUID(data["id"]),
            data["full_name"],
            data["mobile"],
            data["email"],
            data["designation"],
            data["primary"],
        )
    if kind is AmendmentKind.CREDIT_LIMIT_CHANGE:
        return CreditLimitChange(Decimal(data["amount"]), data["currency"])
    a, point = data["address"], data["coordinates"]
    return Location(
        id=uuid.UUID(data["id"]),
        kind=LocationKind(data["kind"]),
        name=data["name"],
        address=Address(a["line1"], a["city"], a["postal_code"], a["country"], a["line2"], a["state"]),
        state_code=data["state_code"],
        gstin=data["gstin"],
        coordinates=None if point is None else Coordinates(Decimal(point["latitude"]), Decimal(point["longitude"])),
        can_ship_from=data["can_ship_from"],
        can_receive=data["can_receive"],
        default_ship_from=data["default_ship_from"],
        default_ship_to=data["default_ship_to"],
    )


def amendment_from(row: AmendmentRow) -> Amendment:
    kind = AmendmentKind(row.kind)
    return Amendment(
        id=row.id,
        tenant_id=row.tenant_id,
        partner_id=row.partner_id,
        partner_code=row.partner_code,
        kind=kind,
        old_value=None if row.old_value is None else value_from(kind, row.old_value),
        new_value=value_from(kind, row.new_value),
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        status=AmendmentStatus(row.status),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        reason=row.reason,
        version=row.version,
        persisted_version=row.version,
    )


def copy_amendment_to_row(amendment: Amendment, row: AmendmentRow) -> None:
    row.tenant_id, row.partner_id, row.partner_code = amendment.tenant_id, amendment.partner_id, amendment.partner_code
    row.kind, row.status = amendment.kind.value, amendment.status.value
    row.old_value = None if amendment.old_value is None else value_json(amendment.old_value)
    row.new_value = value_json(amendment.new_value)
    row.requested_by, row.requested_at = amendment.requested_by, amendment.requested_at
    row.decided_by, row.decided_at, row.reason = amendment.decided_by, amendment.decided_at, amendment.reason
    row.version = amendment.version
