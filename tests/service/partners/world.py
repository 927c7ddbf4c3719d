"""The partners context on in-memory fakes: actors, pinned dates, settings and verifiers for tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from backend.core.principal import Grant, Principal, UserKind
from backend.modules.partners.application import access
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.inputs import BankAccountInput, ContactInput, LocationInput
from backend.modules.partners.application.ports import GstnRecord, PartnerSettings, Verifiers
from backend.modules.partners.domain.enums import LocationKind
from backend.modules.partners.domain.locations import Address
from backend.modules.partners.infrastructure.verification import DevBankAccountVerifier, DevGeocoder, DevGstnLookup
from tests.fakes.partners import FakePartners
from tests.unit.partners.builders import GSTIN_KA, GSTIN_MH

TODAY = date(2026, 6, 15)
TENANT = uuid.UUID(int=1)
OTHER_TENANT = uuid.UUID(int=2)
BRANCH_A = uuid.UUID(int=10)
BRANCH_B = uuid.UUID(int=11)
PERMISSIONS = (
    access.READ,
    access.CREATE,
    access.UPDATE,
    access.SUBMIT,
    access.APPROVE,
    access.REJECT,
    access.SUSPEND,
    access.VERIFY_DOCUMENTS,
    access.OVERRIDE_CAPABILITIES,
    access.REQUEST_AMENDMENTS,
    access.APPROVE_AMENDMENTS,
)


def staff(*roles: str, branches: frozenset[uuid.UUID] | None = None, tenant: uuid.UUID = TENANT) -> Principal:
    """An internal user holding every partner permission, in ``branches`` (None: all)."""
    grant = Grant(branches=branches)
    return Principal(
        uuid.uuid4(), UserKind.INTERNAL, tenant, roles=frozenset(roles), grants=dict.fromkeys(PERMISSIONS, (grant,))
    )


def partner_user(partner_id: uuid.UUID, tenant: uuid.UUID = TENANT) -> Principal:
    grants = {p: (Grant(),) for p in (access.READ, access.UPDATE)}
    return Principal(
        uuid.uuid4(), UserKind.EXTERNAL, tenant, partner_id, roles=frozenset({"partner_user"}), grants=grants
    )


class StaticSettings:
    """``PartnerSettingsSource`` with per-tenant values set by the test."""

    def __init__(self) -> None:
        self.by_tenant: dict[uuid.UUID, PartnerSettings] = {}

    async def for_tenant(self, tenant_id: uuid.UUID) -> PartnerSettings:
        return self.by_tenant.get(tenant_id, PartnerSettings())


class ScriptedGstn:
    """GSTN answers scripted per GSTIN; others fall back to the development adapter."""

    provider = "scripted-gstn (test double)"

    def __init__(self) -> None:
        self.records: dict[str, GstnRecord | None] = {}
        self.failing: set[str] = set()
        self.calls: list[str] = []
        self.on_lookup: Any = None  # an async callable run during a lookup (to race a submission)

    async def lookup(self, gstin: str) -> GstnRecord | None:
        self.calls.append(gstin)
        if self.on_lookup is not None:
            await self.on_lookup()
        if gstin in self.failing:
            raise ConnectionError("GSTN is down")
        if gstin in self.records:
            return self.records[gstin]
        return await DevGstnLookup().lookup(gstin)


@dataclass
class World:
    fake: FakePartners = field(default_factory=FakePartners)
    settings: StaticSettings = field(default_factory=StaticSettings)
    gstn: ScriptedGstn = field(default_factory=ScriptedGstn)
    today: date = TODAY

    @property
    def ctx(self) -> PartnersContext:
        verifiers = Verifiers(self.gstn, DevBankAccountVerifier(), DevGeocoder())
        return PartnersContext(
            self.fake.uow,
            self.settings,
            verifiers,
            lambda: self.today,
            lambda: datetime.combine(self.today, time(12), UTC),
        )

    def events(self, wire_name: str) -> list[Any]:
        return [e for e in self.fake.published if e.wire_name == wire_name]


def head_office(gstin: str | None = GSTIN_MH, **overrides: Any) -> LocationInput:
    values: dict[str, Any] = {
        "kind": LocationKind.HEAD_OFFICE,
        "name": "Head office",
        "address": Address("1 Cotton Exchange Road", "Mumbai", "400001", "IN", state="Maharashtra"),
        "state_code": "27",
        "gstin": gstin,
        "can_ship_from": True,
        "can_receive": True,
    }
    return LocationInput(**{**values, **overrides})


def branch(gstin: str | None = None, **overrides: Any) -> LocationInput:
    values: dict[str, Any] = {
        "kind": LocationKind.BRANCH,
        "name": "Bengaluru branch",
        "address": Address("5 MG Road", "Bengaluru", "560001", "IN", state="Karnataka"),
        "state_code": "29",
        "gstin": gstin,
    }
    return LocationInput(**{**values, **overrides})


def contact(**overrides: Any) -> ContactInput:
    values: dict[str, Any] = {
        "full_name": "Asha Patil",
        "mobile": "+919876543210",
        "email": "asha@example.com",
        "primary": True,
    }
    return ContactInput(**{**values, **overrides})


def bank(**overrides: Any) -> BankAccountInput:
    values: dict[str, Any] = {
        "holder_name": "Unique Traders",
        "account_number": "001234567890",
        "country": "IN",
        "ifsc": "HDFC0001234",
        "primary": True,
    }
    return BankAccountInput(**{**values, **overrides})


__all__ = ["GSTIN_KA", "GSTIN_MH"]
