"""Amendments: changes to an approved partner that need a second person's approval.

The request keeps the old and the new value; nothing changes on the partner until a checker who is
not the maker approves it (the application enforces that with ``core.principal.ensure_not_maker``
on ``maker_id``; the aggregate refuses it too, as a backstop).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError, MakerCheckerViolation
from backend.core.ids import new_uuid
from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.enums import PartnerStatus
from backend.modules.partners.domain.errors import AmendmentAlreadyDecided, InvalidPartnerInput, PartnerNotEditable
from backend.modules.partners.domain.locations import Location, location_errors
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import BankAccount, Contact, bank_account_errors, contact_errors


class AmendmentKind(StrEnum):
    BANK_CHANGE = "bank_change"
    NEW_LOCATION = "new_location"  # a new branch, usually with its own GSTIN
    CREDIT_LIMIT_CHANGE = "credit_limit_change"  # decided here, applied by the risk context
    CONTACT_CHANGE = "contact_change"


class AmendmentStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class CreditLimitChange:
    amount: Decimal
    currency: str = "INR"


Value = BankAccount | Location | Contact | CreditLimitChange
KIND_OF: dict[type, AmendmentKind] = {
    BankAccount: AmendmentKind.BANK_CHANGE,
    Location: AmendmentKind.NEW_LOCATION,
    Contact: AmendmentKind.CONTACT_CHANGE,
    CreditLimitChange: AmendmentKind.CREDIT_LIMIT_CHANGE,
}


def _old_value(partner: Partner, new: Value) -> Value | None:
    if isinstance(new, BankAccount):
        return next((replace(a) for a in partner.bank_accounts if a.primary), None)
    if isinstance(new, Contact):
        return next((replace(c) for c in partner.contacts if c.id == new.id), None)
    if isinstance(new, CreditLimitChange):
        current = partner.recommended_credit_limit
        return None if current is None else CreditLimitChange(current)
    return None


def _value_errors(partner: Partner, new: Value) -> list[FieldError]:
    if isinstance(new, BankAccount):
        return bank_account_errors(new)
    if isinstance(new, Location):
        return location_errors(new, partner.profile.country, partner.profile.pan)
    if isinstance(new, Contact):
        return contact_errors(new)
    if not new.amount.is_finite() or new.amount < 0:
        return [FieldError("amount", "a credit limit must be zero or more")]
    return []


@dataclass(eq=False)
class Amendment(AggregateRoot):
    id: uuid.UUID
    partner_id: uuid.UUID
    partner_code: str
    kind: AmendmentKind
    old_value: Value | None
    new_value: Value
    requested_by: uuid.UUID
    requested_at: datetime = field(default_factory=utc_now)
    status: AmendmentStatus = AmendmentStatus.PENDING
    decided_by: uuid.UUID | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    version: int = 1
    persisted_version: int = 0
    tenant_id: uuid.UUID = field(kw_only=True)  # the partner's tenant: scoping and published events

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def request(cls, partner: Partner, new_value: Value, by: uuid.UUID) -> Amendment:
        if partner.status not in (PartnerStatus.APPROVED, PartnerStatus.SUSPENDED):
            # before approval the partner is simply edited
            raise PartnerNotEditable(partner.code, partner.status.value)
        errors = [FieldError(f"new_value.{e.field}", e.message) for e in _value_errors(partner, new_value)]
        if errors:
            raise InvalidPartnerInput(errors)
        kind = KIND_OF[type(new_value)]
        amendment = cls(
            id=new_uuid(),
            partner_id=partner.id,
            partner_code=partner.code,
            kind=kind,
            old_value=_old_value(partner, new_value),
            new_value=replace(new_value),
            requested_by=by,
            tenant_id=partner.tenant_id,
        )
        amendment.record(ev.AmendmentRequested(**amendment._keys(), kind=kind.value, requested_by=by))
        return amendment

    def _keys(self) -> dict[str, Any]:
        return {"partner_id": self.partner_id, "partner_code": self.partner_code, "amendment_id": self.id}

    @property
    def maker_id(self) -> uuid.UUID:
        return self.requested_by

    def _decide(self, status: AmendmentStatus, by: uuid.UUID) -> bool:
        if self.status is status and self.decided_by is not None:
            return False  # the same decision again: idempotent
        if self.status is not AmendmentStatus.PENDING:
            raise AmendmentAlreadyDecided(self.status.value)
        if by == self.requested_by:
            raise MakerCheckerViolation("the user who requested this amendment cannot decide it; another user must")
        self.status, self.decided_by, self.decided_at = status, by, utc_now()
        self.version += 1 if self.version == self.persisted_version else 0
        return True

    def approve(self, by: uuid.UUID, partner: Partner) -> bool:
        """Approve and apply to ``partner``; returns False when it was already approved."""
        if not self._decide(AmendmentStatus.APPROVED, by):
            return False
        apply_amendment(partner, self.new_value)
        self.record(ev.AmendmentApproved(**self._keys(), kind=self.kind.value, approved_by=by))
        return True

    def reject(self, by: uuid.UUID, reason: str) -> bool:
        if not reason.strip():
            raise InvalidPartnerInput([FieldError("reason", "a rejection needs a reason")])
        if not self._decide(AmendmentStatus.REJECTED, by):
            return False
        self.reason = reason.strip()
        self.record(ev.AmendmentRejected(**self._keys(), kind=self.kind.value, rejected_by=by, reason=self.reason))
        return True


def apply_amendment(partner: Partner, new: Value) -> None:
    """Change the partner as approved; a credit limit change is left to the risk context's subscriber."""
    if isinstance(new, BankAccount):
        for account in partner.bank_accounts:
            account.primary = False
        partner.bank_accounts.append(replace(new, primary=True))
    elif isinstance(new, Location):
        partner.locations.add(replace(new), partner.profile.country, partner.profile.pan)
    elif isinstance(new, Contact):
        partner.contacts = [c for c in partner.contacts if c.id != new.id]
        if new.primary:
            for contact in partner.contacts:
                contact.primary = False
        partner.contacts.append(replace(new))
    else:
        return
    partner._touch()
