"""The partners context's domain events turned into its published contracts.

The state is the aggregate's at commit: one unit of work publishes one consistent version.
"""

from __future__ import annotations

from typing import Any

from backend.contracts.partners import events as contract
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.modules.partners.application.values import value_dict
from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.amendments import Amendment, CreditLimitChange
from backend.modules.partners.domain.partner import Partner

# the profile's turnover, and so the recommended credit limit, is kept in rupees
CREDIT_CURRENCY = "INR"


def _keys(partner: Partner) -> dict[str, Any]:
    return {"partner_id": partner.id, "tenant_id": partner.tenant_id, "partner_code": partner.code}


def _capabilities(partner: Partner, event: ev.PartnerEvent, **cause: Any) -> contract.CapabilitiesChangedV1:
    caps = partner.capabilities(event.occurred_at.date())
    return contract.CapabilitiesChangedV1(
        occurred_at=event.occurred_at,
        **_keys(partner),
        capabilities=tuple(sorted(c.value for c in caps.capabilities)),
        home_country=caps.home_country,
        overridden=caps.overridden,
        **cause,
    )


def _approved(partner: Partner, event: ev.PartnerApproved) -> contract.PartnerApprovedV1 | None:
    approved_by = event.approved_by or event.submitted_by  # auto-approval: the submission the policy approved
    if approved_by is None or event.score is None or event.risk_category is None:
        return None  # approval always follows a submission, which sets all three
    primary_id = event.primary_contact_id
    return contract.PartnerApprovedV1(
        occurred_at=event.occurred_at,
        **_keys(partner),
        approved_by=approved_by,
        kyc_expires_on=event.kyc_expires_on,
        risk_score=event.score,
        risk_category=event.risk_category,
        recommended_credit_limit=event.recommended_credit_limit,
        currency=CREDIT_CURRENCY,
        auto_approved=event.approved_by is None,
        submitted_by=event.submitted_by,
        legal_name=partner.profile.legal_name,
        contacts=tuple(
            contract.PartnerContactV1(
                id=c.id, full_name=c.full_name, mobile=c.mobile, email=c.email, primary=c.id == primary_id
            )
            for c in partner.contacts
        ),
    )


def _partner_event(partner: Partner, event: DomainEvent) -> IntegrationEvent | None:
    at, keys = event.occurred_at, _keys(partner)
    match event:
        case ev.PartnerOnboardingStarted(created_by=created_by) if created_by is not None:
            p = partner.profile
            return contract.PartnerOnboardingStartedV1(
                occurred_at=at,
                **keys,
                legal_name=p.legal_name,
                country=p.country,
                entity_class=p.entity_class.value,
                started_by=created_by,
            )
        case ev.PartnerUpdated():
            p = partner.profile
            return contract.PartnerUpdatedV1(
                occurred_at=at,
                **keys,
                changed_fields=event.changed_fields,
                legal_name=p.legal_name,
                trade_name=p.trade_name,
                country=p.country,
                status=partner.status.value,
                version=partner.version,
            )
        case ev.PartnerSubmitted():
            return contract.PartnerSubmittedV1(
                occurred_at=at,
                **keys,
                submitted_by=event.submitted_by,
                onboarding_score=event.score,
                risk_category=event.risk_category,
                required_role=event.required_role,
                auto_approve=event.auto_approve,
            )
        case ev.PartnerApproved():
            return _approved(partner, event)
        case ev.PartnerRejected():
            return contract.PartnerRejectedV1(
                occurred_at=at, **keys, rejected_by=event.rejected_by, reason=event.reason
            )
        case ev.PartnerSuspended():
            return contract.PartnerSuspendedV1(
                occurred_at=at, **keys, suspended_by=event.suspended_by, reason=event.reason
            )
        case ev.PartnerReactivated():
            return contract.PartnerReactivatedV1(occurred_at=at, **keys, reactivated_by=event.reactivated_by)
        case ev.PartnerKycExpiring():
            return contract.PartnerKycExpiringV1(
                occurred_at=at, **keys, days_before=event.days_before, expires_on=event.expires_on
            )
        case ev.PartnerKycExpired():
            return contract.PartnerKycExpiredV1(occurred_at=at, **keys, expired_on=event.expired_on)
        case ev.PartnerKycRenewed():
            return contract.PartnerKycRenewedV1(
                occurred_at=at, **keys, renewed_by=event.renewed_by, expires_on=event.expires_on
            )
        case ev.DocumentVerified():
            return _capabilities(
                partner,
                event,
                cause="document_verified",
                changed_by=event.verified_by,
                document_type=str(event.document_type),
            )
        case ev.CapabilitiesOverridden():
            return _capabilities(partner, event, cause="override", changed_by=event.overridden_by, reason=event.reason)
    return None


def _amendment_event(amendment: Amendment, event: DomainEvent) -> IntegrationEvent | None:
    keys = {
        "occurred_at": event.occurred_at,
        "partner_id": amendment.partner_id,
        "tenant_id": amendment.tenant_id,
        "partner_code": amendment.partner_code,
        "amendment_id": amendment.id,
        "kind": amendment.kind.value,
        "requested_by": amendment.requested_by,
    }
    new_value = value_dict(amendment.new_value)
    if isinstance(event, ev.AmendmentRequested):
        return contract.AmendmentRequestedV1(**keys, old_value=value_dict(amendment.old_value), new_value=new_value)
    if isinstance(event, ev.AmendmentApproved):
        change = amendment.new_value if isinstance(amendment.new_value, CreditLimitChange) else None
        return contract.AmendmentApprovedV1(
            **keys,
            approved_by=event.approved_by,
            old_value=value_dict(amendment.old_value),
            new_value=new_value,
            credit_limit=None if change is None else change.amount,
            currency=None if change is None else change.currency,
        )
    if isinstance(event, ev.AmendmentRejected):
        return contract.AmendmentRejectedV1(**keys, rejected_by=event.rejected_by, reason=event.reason)
    return None


def to_integration_event(aggregate: AggregateRoot, event: DomainEvent) -> IntegrationEvent | None:
    """The published form of ``event``, or None for what stays inside the context (info requested,
    deactivated: no consumer yet)."""
    if isinstance(aggregate, Partner):
        return _partner_event(aggregate, event)
    if isinstance(aggregate, Amendment):
        return _amendment_event(aggregate, event)
    return None
