"""The onboarding workflow and KYC life cycle of a partner (the status machine's commands).

A base of ``Partner`` so each file stays small; it only declares the state it works on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError, MakerCheckerViolation
from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.approval import (
    DEFAULT_POLICY,
    ApprovalPolicy,
    ApprovalRequest,
    Routing,
    kyc_expiry,
    recommended_credit_limit,
    route,
)
from backend.modules.partners.domain.enums import TRANSITIONS, KycStatus, PartnerStatus, RiskCategory
from backend.modules.partners.domain.errors import IllegalStatusTransition, InvalidPartnerInput, KycNotValid
from backend.modules.partners.domain.kyc import is_expired
from backend.modules.partners.domain.parts import Contact
from backend.modules.partners.domain.profile import PartnerProfile
from backend.modules.partners.domain.scoring import DEFAULT_RULES, OnboardingScore, ScoreRules, score_partner


@dataclass(frozen=True)
class ApprovalOutcome:
    kyc_expires_on: date
    recommended_credit_limit: Decimal | None
    already_approved: bool = False  # a repeated approval changes nothing


def _reason(text: str, field: str) -> str:
    if not 0 < len(text.strip()) <= 1000:
        raise InvalidPartnerInput([FieldError(field, f"{field} must have 1 to 1000 characters")])
    return text.strip()


class PartnerWorkflow(AggregateRoot):
    id: uuid.UUID
    code: str
    profile: PartnerProfile
    status: PartnerStatus
    contacts: list[Contact]
    kyc_status: KycStatus
    kyc_expires_on: date | None
    risk_score: int | None
    risk_category: RiskCategory | None
    score: OnboardingScore | None
    recommended_credit_limit: Decimal | None
    submitted_by: uuid.UUID | None
    submitted_at: datetime | None
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    status_reason: str | None
    updated_at: datetime
    persisted_version: int

    def _keys(self) -> dict[str, Any]:
        return {"partner_id": self.id, "partner_code": self.code}

    def _touch(self) -> None:
        # one version step per unit of work, however many edits it makes
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = utc_now()

    def _move(self, target: PartnerStatus) -> None:
        if target not in TRANSITIONS[self.status]:
            raise IllegalStatusTransition(self.code, self.status.value, target.value)
        self.status = target
        self._touch()

    @property
    def primary_contact(self) -> Contact | None:
        return next((c for c in self.contacts if c.primary), self.contacts[0] if self.contacts else None)

    def submit(
        self, by: uuid.UUID, today: date, rules: ScoreRules = DEFAULT_RULES, policy: ApprovalPolicy = DEFAULT_POLICY
    ) -> Routing:
        """Score the partner and route it: auto-approved when the tenant allows, else pending review."""
        if self.status not in TRANSITIONS or PartnerStatus.SUBMITTED not in TRANSITIONS[self.status]:
            raise IllegalStatusTransition(self.code, self.status.value, PartnerStatus.SUBMITTED.value)
        if self.primary_contact is None:
            raise InvalidPartnerInput([FieldError("contacts", "a partner needs a contact before it is submitted")])
        self._move(PartnerStatus.SUBMITTED)
        self.score = score_partner(self.profile.score_facts(), today, rules)
        self.risk_score, self.risk_category = self.score.score, self.score.category
        self.submitted_by, self.submitted_at, self.status_reason = by, utc_now(), None
        routing = route(self.score.score, policy)
        self.record(
            ev.PartnerSubmitted(
                **self._keys(),
                submitted_by=by,
                score=self.score.score,
                risk_category=self.score.category.value,
                required_role=routing.required_role,
                auto_approve=routing.auto_approve,
            )
        )
        if routing.auto_approve:
            self._approve(None, today, policy)
        else:
            self._move(PartnerStatus.PENDING_REVIEW)
        return routing

    def approval_request(self, policy: ApprovalPolicy = DEFAULT_POLICY) -> ApprovalRequest:
        """Who made the submission (for maker-checker) and which role must approve it."""
        return ApprovalRequest(self.submitted_by, route(self.risk_score or 0, policy))

    def approve(self, by: uuid.UUID, today: date, policy: ApprovalPolicy = DEFAULT_POLICY) -> ApprovalOutcome:
        """Idempotent: approving an approved partner again returns the first outcome and records nothing."""
        if self.status is PartnerStatus.APPROVED and self.kyc_expires_on is not None:
            return ApprovalOutcome(self.kyc_expires_on, self.recommended_credit_limit, already_approved=True)
        if self.status not in (PartnerStatus.SUBMITTED, PartnerStatus.PENDING_REVIEW):
            # a suspended partner comes back through reactivate (which checks its KYC), never approval
            raise IllegalStatusTransition(self.code, self.status.value, PartnerStatus.APPROVED.value)
        if by == self.submitted_by:  # the application checks first with ensure_not_maker; this is the backstop
            raise MakerCheckerViolation("the user who submitted this partner cannot approve it; another user must")
        return self._approve(by, today, policy)

    def _approve(self, by: uuid.UUID | None, today: date, policy: ApprovalPolicy) -> ApprovalOutcome:
        self._move(PartnerStatus.APPROVED)
        self.kyc_status, self.kyc_expires_on = KycStatus.VERIFIED, kyc_expiry(today, policy)
        self.recommended_credit_limit = recommended_credit_limit(self.profile.annual_turnover, self.risk_score, policy)
        self.decided_by, self.decided_at = by, utc_now()
        contact = self.primary_contact
        self.record(
            ev.PartnerApproved(
                **self._keys(),
                approved_by=by,
                submitted_by=self.submitted_by,
                score=self.risk_score,
                risk_category=None if self.risk_category is None else self.risk_category.value,
                kyc_expires_on=self.kyc_expires_on,
                recommended_credit_limit=self.recommended_credit_limit,
                primary_contact_id=None if contact is None else contact.id,
            )
        )
        return ApprovalOutcome(self.kyc_expires_on, self.recommended_credit_limit)

    def reject(self, by: uuid.UUID, reason: str) -> None:
        reason = _reason(reason, "reason")
        self._move(PartnerStatus.REJECTED)
        self.decided_by, self.decided_at, self.status_reason = by, utc_now(), reason
        self.record(ev.PartnerRejected(**self._keys(), rejected_by=by, reason=reason))

    def request_info(self, by: uuid.UUID, note: str) -> None:
        note = _reason(note, "note")
        self._move(PartnerStatus.INFO_REQUESTED)
        self.status_reason = note
        self.record(ev.PartnerInfoRequested(**self._keys(), requested_by=by, note=note))

    def suspend(self, by: uuid.UUID | None, reason: str) -> None:
        reason = _reason(reason, "reason")
        self._move(PartnerStatus.SUSPENDED)
        self.status_reason = reason
        self.record(ev.PartnerSuspended(**self._keys(), suspended_by=by, reason=reason))

    def reactivate(self, by: uuid.UUID, today: date) -> None:
        if self.status is PartnerStatus.SUSPENDED and is_expired(self.kyc_expires_on, today):
            raise KycNotValid(self.code, "reactivate it")
        if self.status is not PartnerStatus.SUSPENDED:  # approved is reachable from elsewhere only by approval
            raise IllegalStatusTransition(self.code, self.status.value, PartnerStatus.APPROVED.value)
        self._move(PartnerStatus.APPROVED)
        self.status_reason = None
        self.record(ev.PartnerReactivated(**self._keys(), reactivated_by=by))

    def deactivate(self, by: uuid.UUID, reason: str) -> None:
        reason = _reason(reason, "reason")
        self._move(PartnerStatus.INACTIVE)
        self.status_reason = reason
        self.record(ev.PartnerDeactivated(**self._keys(), deactivated_by=by, reason=reason))

    def expire_kyc(self, today: date, *, suspend: bool) -> bool:
        """Mark KYC expired once it lapsed; suspend an approved partner when the tenant enables it."""
        if self.kyc_status is not KycStatus.VERIFIED or not is_expired(self.kyc_expires_on, today):
            return False
        assert self.kyc_expires_on is not None
        self.kyc_status = KycStatus.EXPIRED
        self._touch()
        self.record(ev.PartnerKycExpired(**self._keys(), expired_on=self.kyc_expires_on))
        if suspend and self.status is PartnerStatus.APPROVED:
            self.suspend(None, f"KYC expired on {self.kyc_expires_on.isoformat()}")
        return True

    def remind_kyc_expiry(self, days_before: int) -> None:
        """Record the reminder the KYC job sends ``days_before`` days ahead of expiry."""
        if self.kyc_expires_on is None:
            return
        self.record(ev.PartnerKycExpiring(**self._keys(), days_before=days_before, expires_on=self.kyc_expires_on))

    def renew_kyc(self, today: date, policy: ApprovalPolicy = DEFAULT_POLICY, *, by: uuid.UUID | None = None) -> date:
        """After the documents were verified again: KYC valid for another period from ``today``."""
        if self.status not in (PartnerStatus.APPROVED, PartnerStatus.SUSPENDED):
            raise IllegalStatusTransition(self.code, self.status.value, "kyc renewed")
        self.kyc_status, self.kyc_expires_on = KycStatus.VERIFIED, kyc_expiry(today, policy)
        self._touch()
        self.record(ev.PartnerKycRenewed(**self._keys(), renewed_by=by, expires_on=self.kyc_expires_on))
        return self.kyc_expires_on
