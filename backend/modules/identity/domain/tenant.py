"""Tenants (trading houses, brokerages) and their branches."""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.events import TenantCreated
from backend.modules.identity.domain.validation import COUNTRY, CURRENCY, gstin_error, time_zone_error

BRANCH_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")
DEFAULT_SUB_USER_LIMIT = 2
DEFAULT_REGION = "in"
DEFAULT_LOCALE = "en-IN"
DEFAULT_REQUESTS_PER_MINUTE = 1200
DEFAULT_BURST = 200
REGION = re.compile(r"[a-z]{2}(?:-[a-z0-9]{1,8})?")
LOCALE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")


@dataclass(frozen=True)
class TenantPolicyChanges:
    region: str | None = None
    locale: str | None = None
    time_zone: str | None = None
    base_currency: str | None = None
    requests_per_minute: int | None = None
    burst: int | None = None


def policy_errors(changes: TenantPolicyChanges) -> list[FieldError]:
    errors: list[FieldError] = []
    if changes.region is not None and not REGION.fullmatch(changes.region):
        errors.append(FieldError("region", f"{changes.region!r} is not a region code such as in, ae or eu-west"))
    if changes.locale is not None and not LOCALE.fullmatch(changes.locale):
        errors.append(FieldError("locale", f"{changes.locale!r} is not a locale such as en-IN or hi-IN"))
    if changes.time_zone is not None and (message := time_zone_error(changes.time_zone)):
        errors.append(FieldError("time_zone", message))
    if changes.base_currency is not None and not CURRENCY.fullmatch(changes.base_currency.strip().upper()):
        errors.append(FieldError("base_currency", f"{changes.base_currency!r} is not an ISO 4217 currency code"))
    if changes.requests_per_minute is not None and not 1 <= changes.requests_per_minute <= 1_000_000:
        errors.append(FieldError("requests_per_minute", "requests_per_minute must be between 1 and 1000000"))
    if changes.burst is not None and not 1 <= changes.burst <= 100_000:
        errors.append(FieldError("burst", "burst must be between 1 and 100000"))
    return errors


class TenantStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


def _name_error(field_name: str, value: str, limit: int = 200) -> FieldError | None:
    if not 0 < len(value.strip()) <= limit:
        return FieldError(field_name, f"{field_name} must have 1 to {limit} characters")
    return None


@dataclass(eq=False)
class Tenant(AggregateRoot):
    id: uuid.UUID
    name: str
    country: str
    base_currency: str
    time_zone: str
    status: TenantStatus
    sub_user_limit: int
    created_at: datetime
    region: str = DEFAULT_REGION
    locale: str = DEFAULT_LOCALE
    requests_per_minute: int = DEFAULT_REQUESTS_PER_MINUTE
    burst: int = DEFAULT_BURST
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    def set_policies(self, changes: TenantPolicyChanges) -> None:
        """Residency, defaults and request quota; ``None`` keeps a field as it is."""
        errors = policy_errors(changes)
        if errors:
            raise InvalidIdentityInput(errors)
        for name in ("region", "locale", "time_zone", "base_currency", "requests_per_minute", "burst"):
            value = getattr(changes, name)
            if value is not None:
                setattr(self, name, value.strip().upper() if name == "base_currency" else value)
        self._bump()

    @classmethod
    def create(cls, name: str, country: str, base_currency: str, time_zone: str = "Asia/Kolkata") -> Tenant:
        country, base_currency = country.strip().upper(), base_currency.strip().upper()
        errors = [e for e in [_name_error("name", name)] if e]
        if not COUNTRY.fullmatch(country):
            errors.append(FieldError("country", f"{country!r} is not an ISO 3166 alpha-2 country code"))
        if not CURRENCY.fullmatch(base_currency):
            errors.append(FieldError("base_currency", f"{base_currency!r} is not an ISO 4217 currency code"))
        if message := time_zone_error(time_zone):
            errors.append(FieldError("time_zone", message))
        if errors:
            raise InvalidIdentityInput(errors)
        tenant = cls(
            new_uuid(),
            name.strip(),
            country,
            base_currency,
            time_zone,
            TenantStatus.ACTIVE,
            DEFAULT_SUB_USER_LIMIT,
            utc_now(),
        )
        tenant.record(TenantCreated(tenant_id=tenant.id))
        return tenant

    def _bump(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1

    def suspend(self) -> None:
        if self.status is TenantStatus.SUSPENDED:
            raise StateConflict("the tenant is already suspended")
        self.status = TenantStatus.SUSPENDED
        self._bump()

    def reactivate(self) -> None:
        if self.status is TenantStatus.ACTIVE:
            raise StateConflict("the tenant is already active")
        self.status = TenantStatus.ACTIVE
        self._bump()


@dataclass(eq=False)
class Branch(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    code: str
    name: str
    state_code: str
    gstin: str | None
    address: str | None
    active: bool
    created_at: datetime
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @staticmethod
    def errors(code: str, name: str, state_code: str, gstin: str | None) -> list[FieldError]:
        errors = [e for e in [_name_error("name", name)] if e]
        if not BRANCH_CODE.fullmatch(code):
            errors.append(FieldError("code", f"{code!r} must be 1-20 upper-case letters, digits, - or _"))
        if not re.fullmatch(r"[A-Z0-9]{1,3}", state_code):
            errors.append(FieldError("state_code", f"{state_code!r} is not a state or region code (e.g. 27 or MH)"))
        if gstin is not None and (message := gstin_error(gstin, state_code)):
            errors.append(FieldError("gstin", message))
        return errors

    @classmethod
    def open(
        cls, tenant_id: uuid.UUID, code: str, name: str, state_code: str, gstin: str | None, address: str | None
    ) -> Branch:
        code, state_code = code.strip().upper(), state_code.strip().upper()
        gstin = gstin.strip().upper() if gstin else None
        if errors := cls.errors(code, name, state_code, gstin):
            raise InvalidIdentityInput(errors)
        return cls(new_uuid(), tenant_id, code, name.strip(), state_code, gstin, address, True, utc_now())

    def revise(self, name: str | None, gstin: str | None, address: str | None, active: bool | None) -> None:
        new_gstin = gstin.strip().upper() if gstin else self.gstin
        if errors := self.errors(self.code, name or self.name, self.state_code, new_gstin):
            raise InvalidIdentityInput(errors)
        self.name = (name or self.name).strip()
        self.gstin = new_gstin
        self.address = address if address is not None else self.address
        self.active = self.active if active is None else active
        if self.version == self.persisted_version:
            self.version += 1
