"""Aggregates turned into the read models of ``views``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from backend.modules.partners.application.ports import PartnerSummary, VerificationEvidence
from backend.modules.partners.application.values import mask, value_dict
from backend.modules.partners.application.views import (
    AddressView,
    AmendmentView,
    BankAccountView,
    CapabilitiesView,
    ContactView,
    ContributionView,
    CoordinatesView,
    DocumentView,
    EvidenceView,
    LocationView,
    PartnerSummaryView,
    PartnerView,
    ProfileView,
    ScoreView,
    TaxRegistrationView,
)
from backend.modules.partners.domain.amendments import Amendment
from backend.modules.partners.domain.locations import Location
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import BankAccount, Contact, Document
from backend.modules.partners.domain.profile import PartnerProfile
from backend.modules.partners.domain.scoring import OnboardingScore


def location_view(location: Location) -> LocationView:
    a, c = location.address, location.coordinates
    return LocationView(
        id=location.id,
        kind=location.kind.value,
        name=location.name,
        address=AddressView(a.line1, a.line2, a.city, a.state, a.postal_code, a.country),
        state_code=location.state_code,
        gstin=location.gstin,
        coordinates=None if c is None else CoordinatesView(c.latitude, c.longitude),
        can_ship_from=location.can_ship_from,
        can_receive=location.can_receive,
        default_ship_from=location.default_ship_from,
        default_ship_to=location.default_ship_to,
    )


def bank_account_view(account: BankAccount) -> BankAccountView:
    return BankAccountView(
        account.id,
        account.holder_name,
        mask(account.account_number) or "",
        account.country,
        account.ifsc,
        account.swift,
        mask(account.iban),
        account.primary,
    )


def document_view(d: Document) -> DocumentView:
    return DocumentView(
        d.id, d.type.value, d.sha256, d.issued_on, d.expires_on, d.number, d.country, d.verified_by, d.verified_at
    )


def contact_view(c: Contact) -> ContactView:
    return ContactView(c.id, c.full_name, c.mobile, c.email, c.designation, c.primary)


def score_view(score: OnboardingScore | None) -> ScoreView | None:
    if score is None:
        return None
    contributions = tuple(ContributionView(c.rule, c.points, c.explanation) for c in score.contributions)
    return ScoreView(score.score, score.category.value, contributions)


def evidence_view(e: VerificationEvidence) -> EvidenceView:
    return EvidenceView(
        e.id, e.kind.value, e.subject, e.outcome.value, e.provider, dict(e.details), e.checked_by, e.checked_at
    )


def profile_view(p: PartnerProfile) -> ProfileView:
    return ProfileView(
        legal_name=p.legal_name,
        trade_name=p.trade_name,
        country=p.country,
        entity_class=p.entity_class.value,
        service_provider_kind=None if p.service_provider_kind is None else p.service_provider_kind.value,
        legal_form=p.legal_form.value,
        trade_role=p.trade_role.value,
        pan=p.pan,
        tax_registrations=tuple(TaxRegistrationView(r.kind.value, r.number, r.country) for r in p.tax_registrations),
        registration_date=p.registration_date,
        annual_turnover=p.annual_turnover,
        group_id=p.group_id,
        master_partner_id=p.master_partner_id,
        has_quality_lab=p.has_quality_lab,
        has_own_transport=p.has_own_transport,
    )


def partner_view(partner: Partner, evidence: Iterable[VerificationEvidence] = ()) -> PartnerView:
    return PartnerView(
        id=partner.id,
        tenant_id=partner.tenant_id,
        code=partner.code,
        branch_id=partner.branch_id,
        status=partner.status.value,
        status_reason=partner.status_reason,
        profile=profile_view(partner.profile),
        locations=tuple(location_view(loc) for loc in partner.locations.items),
        bank_accounts=tuple(bank_account_view(a) for a in partner.bank_accounts),
        documents=tuple(document_view(d) for d in partner.documents),
        contacts=tuple(contact_view(c) for c in partner.contacts),
        kyc_status=partner.kyc_status.value,
        kyc_expires_on=partner.kyc_expires_on,
        risk_score=partner.risk_score,
        risk_category=None if partner.risk_category is None else partner.risk_category.value,
        score=score_view(partner.score),
        recommended_credit_limit=partner.recommended_credit_limit,
        capabilities_overridden=partner.capability_override is not None,
        submitted_by=partner.submitted_by,
        submitted_at=partner.submitted_at,
        decided_by=partner.decided_by,
        decided_at=partner.decided_at,
        created_by=partner.created_by,
        created_at=partner.created_at,
        updated_at=partner.updated_at,
        version=partner.version,
        evidence=tuple(evidence_view(e) for e in evidence),
    )


def summary_view(summary: PartnerSummary) -> PartnerSummaryView:
    s = summary
    return PartnerSummaryView(
        id=s.id,
        code=s.code,
        legal_name=s.legal_name,
        trade_name=s.trade_name,
        country=s.country,
        entity_class=s.entity_class.value,
        trade_role=s.trade_role.value,
        status=s.status.value,
        kyc_status=s.kyc_status.value,
        kyc_expires_on=s.kyc_expires_on,
        risk_score=s.risk_score,
        risk_category=None if s.risk_category is None else s.risk_category.value,
        branch_id=s.branch_id,
        version=s.version,
    )


def capabilities_view(partner: Partner, today: date) -> CapabilitiesView:
    caps, override = partner.capabilities(today), partner.capability_override
    return CapabilitiesView(
        partner_id=partner.id,
        code=partner.code,
        status=partner.status.value,
        home_country=caps.home_country,
        capabilities=tuple(sorted(c.value for c in caps.capabilities)),
        reasons=caps.reasons,
        overridden=caps.overridden,
        overridden_by=override.overridden_by if caps.overridden and override else None,
        overridden_at=override.overridden_at if caps.overridden and override else None,
    )


def amendment_view(a: Amendment) -> AmendmentView:
    return AmendmentView(
        id=a.id,
        partner_id=a.partner_id,
        partner_code=a.partner_code,
        kind=a.kind.value,
        status=a.status.value,
        old_value=value_dict(a.old_value),
        new_value=value_dict(a.new_value),
        requested_by=a.requested_by,
        requested_at=a.requested_at,
        decided_by=a.decided_by,
        decided_at=a.decided_at,
        reason=a.reason,
        version=a.version,
    )
