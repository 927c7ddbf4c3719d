"""The credit limit of one partner, and its maker-checker changes.

The limit starts from the partners context's approval (its recommended limit). A partner approved
without a recommendation gets a ``CreditLimit`` whose ``amount`` is None: **no limit recorded means no
credit**, exactly like a limit of zero. Every trade amount above zero is then refused until someone
requests a limit and another user approves it. (A partner whose approval has not reached risk yet has
no ``CreditLimit`` at all; the application treats that as None too.)

After that the limit changes only through a second person: ``request_change`` records a pending
change, ``approve_change`` by another user applies it. A limit amendment already approved in the
partners context (its own maker-checker) applies directly as source ``amended``. Every change, applied
or not, stays in ``history``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError, MakerCheckerViolation
from backend.core.ids import new_uuid
from backend.modules.risk.domain import events as ev
from backend.modules.risk.domain.amounts import amount_errors
from backend.modules.risk.domain.enums import ChangeStatus, CreditSource
from backend.modules.risk.domain.errors import (
    CreditChangeAlreadyDecided,
    CreditChangePending,
    InvalidRiskInput,
    NoPendingCreditChange,
)


@dataclass
class CreditLimitChange:
    """One entry of the history: the initial setting, an amendment, or a manual request and its decision."""

    id: uuid.UUID
    source: CreditSource
    old_amount: Decimal | None
    new_amount: Decimal | None
    requested_by: uuid.UUID | None  # None: set automatically from the partner's approval
    reason: str
    status: ChangeStatus
    requested_at: datetime = field(default_factory=utc_now)
    decided_by: uuid.UUID | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None


@dataclass(eq=False)
class CreditLimit(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    partner_id: uuid.UUID
    amount: Decimal | None  # None: no limit recorded, which means no credit
    currency: str
    source: CreditSource
    history: list[CreditLimitChange] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def on_partner_approved(
        cls,
        *,
        tenant_id: uuid.UUID,
        partner_id: uuid.UUID,
        recommended: Decimal | None,
        currency: str = "INR",
        approved_by: uuid.UUID | None = None,
    ) -> CreditLimit:
        """The limit recommended when the partner was approved; None records that it has no credit."""
        if recommended is not None and (errors := amount_errors(recommended, "recommended_credit_limit")):
            raise InvalidRiskInput(errors)
        now = utc_now()
        change = CreditLimitChange(
            id=new_uuid(),
            source=CreditSource.RECOMMENDED_ON_APPROVAL,
            old_amount=None,
            new_amount=recommended,
            requested_by=approved_by,
            reason="recommended on partner approval" if recommended is not None else "approved without a limit",
            status=ChangeStatus.APPROVED,
            requested_at=now,
            decided_by=approved_by,
            decided_at=now,
        )
        limit = cls(
            id=new_uuid(),
            tenant_id=tenant_id,
            partner_id=partner_id,
            amount=recommended,
            currency=currency,
            source=CreditSource.RECOMMENDED_ON_APPROVAL,
            history=[change],
        )
        limit._record_changed(change, approved_by)
        return limit

    # reading

    @property
    def effective_amount(self) -> Decimal:
        """The limit the credit check uses: no limit recorded counts as zero."""
        return self.amount if self.amount is not None else Decimal(0)

    @property
    def has_credit(self) -> bool:
        return self.effective_amount > 0

    @property
    def pending(self) -> CreditLimitChange | None:
        return next((c for c in self.history if c.status is ChangeStatus.PENDING), None)

    # maker-checker changes

    def request_change(self, new_amount: Decimal, by: uuid.UUID, reason: str) -> CreditLimitChange:
        """Record a pending change; the same request again returns the pending one."""
        errors = amount_errors(new_amount, "new_amount")
        if not reason.strip():
            errors.append(FieldError("reason", "a credit limit change needs a reason"))
        if not errors and self.amount is not None and new_amount == self.amount:
            errors.append(FieldError("new_amount", "the new credit limit equals the current one"))
        if errors:
            raise InvalidRiskInput(errors)
        pending = self.pending
        if pending is not None:
            if pending.requested_by == by and pending.new_amount == new_amount:
                return pending  # a retried request
            raise CreditChangePending(pending.id)
        change = CreditLimitChange(
            id=new_uuid(),
            source=CreditSource.MANUAL,
            old_amount=self.amount,
            new_amount=new_amount,
            requested_by=by,
            reason=reason.strip(),
            status=ChangeStatus.PENDING,
        )
        self.history.append(change)
        self._touch()
        self.record(
            ev.CreditLimitChangeRequested(
                **self._keys(),
                change_id=change.id,
                old_amount=change.old_amount,
                new_amount=new_amount,
                currency=self.currency,
                requested_by=by,
                reason=change.reason,
            )
        )
        return change

    def _decidable(self, status: ChangeStatus, by: uuid.UUID, change_id: uuid.UUID | None) -> CreditLimitChange | None:
        """The change to decide, or None when it already has this decision (idempotent)."""
        manual = [c for c in self.history if c.source is CreditSource.MANUAL]
        if change_id is not None:
            change = next((c for c in manual if c.id == change_id), None)
            if change is None:
                raise NoPendingCreditChange(change_id)
        elif not manual:
            raise NoPendingCreditChange()
        else:
            change = manual[-1]
        if change.status is status:
            return None
        if change.status is not ChangeStatus.PENDING:
            raise CreditChangeAlreadyDecided(change.id, change.status.value)
        if by == change.requested_by:
            raise MakerCheckerViolation("the user who requested this credit limit change cannot decide it")
        return change

    def approve_change(self, by: uuid.UUID, change_id: uuid.UUID | None = None) -> bool:
        """Apply the pending change; False when it was already approved. The maker cannot approve."""
        change = self._decidable(ChangeStatus.APPROVED, by, change_id)
        if change is None:
            return False
        change.status, change.decided_by, change.decided_at = ChangeStatus.APPROVED, by, utc_now()
        self.amount, self.source = change.new_amount, CreditSource.MANUAL
        self._touch()
        self._record_changed(change, by)
        return True

    def reject_change(self, by: uuid.UUID, reason: str, change_id: uuid.UUID | None = None) -> bool:
        """Refuse the pending change; False when it was already rejected. The maker cannot reject either."""
        if not reason.strip():
            raise InvalidRiskInput([FieldError("reason", "a rejection needs a reason")])
        change = self._decidable(ChangeStatus.REJECTED, by, change_id)
        if change is None:
            return False
        change.status, change.decided_by, change.decided_at = ChangeStatus.REJECTED, by, utc_now()
        change.decision_note = note = reason.strip()
        self._touch()
        self.record(ev.CreditLimitChangeRejected(**self._keys(), change_id=change.id, rejected_by=by, reason=note))
        return True

    def apply_amendment(self, new_amount: Decimal, approved_by: uuid.UUID | None, reference: str = "") -> bool:
        """A limit amendment approved in the partners context; False when the limit is already that.

        A manual change still pending was requested against the old limit, so it is superseded:
        its maker must ask again if it still holds.
        """
        if errors := amount_errors(new_amount, "new_amount"):
            raise InvalidRiskInput(errors)
        if self.amount == new_amount:
            return False  # already in force (a redelivered amendment, or the same figure set manually)
        now = utc_now()
        if (pending := self.pending) is not None:
            pending.status, pending.decided_at = ChangeStatus.SUPERSEDED, now
            pending.decision_note = "superseded by a partner amendment"
        change = CreditLimitChange(
            id=new_uuid(),
            source=CreditSource.AMENDED,
            old_amount=self.amount,
            new_amount=new_amount,
            requested_by=None,
            reason=f"partner amendment {reference}".strip(),
            status=ChangeStatus.APPROVED,
            requested_at=now,
            decided_by=approved_by,
            decided_at=now,
        )
        self.history.append(change)
        self.amount, self.source = new_amount, CreditSource.AMENDED
        self._touch()
        self._record_changed(change, approved_by)
        return True

    # helpers

    def _keys(self) -> dict[str, Any]:
        return {"tenant_id": self.tenant_id, "partner_id": self.partner_id}

    def _touch(self) -> None:
        # one version step per unit of work, however many edits it makes
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = utc_now()

    def _record_changed(self, change: CreditLimitChange, by: uuid.UUID | None) -> None:
        self.record(
            ev.CreditLimitChanged(
                **self._keys(),
                change_id=change.id,
                source=change.source.value,
                old_amount=change.old_amount,
                new_amount=change.new_amount,
                currency=self.currency,
                changed_by=by,
            )
        )
