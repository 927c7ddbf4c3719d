"""The partner aggregate to rows and back, every field named, nothing dropped."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from backend.modules.partners.domain.capabilities import Capability, CapabilityOverride
from backend.modules.partners.domain.enums import (
    DocumentType,
    EntityClass,
    KycStatus,
    LegalForm,
    LocationKind,
    PartnerStatus,
    RiskCategory,
    ServiceProviderKind,
    TaxKind,
    TradeRole,
)
from backend.modules.partners.domain.locations import Address, Coordinates, Location, Locations
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import BankAccount, Contact, Document, TaxRegistration
from backend.modules.partners.domain.profile import PartnerProfile
from backend.modules.partners.domain.scoring import Contribution, OnboardingScore
from backend.modules.partners.infrastructure.tables import (
    BankAccountRow,
    ContactRow,
    DocumentRow,
    LocationRow,
    PartnerRow,
    TaxRegistrationRow,
)


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


E = TypeVar("E", bound=StrEnum)


def _maybe(kind: type[E], value: str | None) -> E | None:
    return None if value is None else kind(value)


def score_json(score: OnboardingScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "score": score.score,
        "category": score.category.value,
        "contributions": [
            {"rule": c.rule, "points": c.points, "explanation": c.explanation} for c in score.contributions
        ],
    }


def score_from(data: dict[str, Any] | None) -> OnboardingScore | None:
    if data is None:
        return None
    contributions = tuple(Contribution(c["rule"], c["points"], c["explanation"]) for c in data["contributions"])
    return OnboardingScore(data["score"], RiskCategory(data["category"]), contributions)


def location_row(location: Location, partner: Partner, position: int) -> LocationRow:
    address, point = location.address, location.coordinates
    return LocationRow(
        id=location.id,
        tenant_id=partner.tenant_id,
        partner_id=partner.id,
        position=position,
        kind=location.kind.value,
        name=location.name,
        line1=address.line1,
        line2=address.line2,
        city=address.city,
        state=address.state,
        postal_code=address.postal_code,
        address_country=address.country,
        state_code=location.state_code,
        gstin=location.gstin,
        latitude=None if point is None else point.latitude,
        longitude=None if point is None else point.longitude,
        can_ship_from=location.can_ship_from,
        can_receive=location.can_receive,
        default_ship_from=location.default_ship_from,
        default_ship_to=location.default_ship_to,
    )


def location_from(row: LocationRow) -> Location:
    address = Address(row.line1, row.city, row.postal_code, row.address_country, row.line2, row.state)
    point = None
    if row.latitude is not None and row.longitude is not None:
        point = Coordinates(row.latitude, row.longitude)
    return Location(
        id=row.id,
        kind=LocationKind(row.kind),
        name=row.name,
        address=address,
        state_code=row.state_code,
        gstin=row.gstin,
        coordinates=point,
        can_ship_from=row.can_ship_from,
        can_receive=row.can_receive,
        default_ship_from=row.default_ship_from,
        default_ship_to=row.default_ship_to,
    )


def partner_from(row: PartnerRow) -> Partner:
    override = None
    if row.override_capabilities is not None:
        assert row.override_reason is not None
        assert row.overridden_by is not None
        assert row.overridden_at is not None
        override = CapabilityOverride(
            frozenset(Capability(c) for c in row.override_capabilities),
            row.override_reason,
            row.overridden_by,
            row.overridden_at,
        )
    profile = PartnerProfile(
        legal_name=row.legal_name,
        country=row.country,
        entity_class=EntityClass(row.entity_class),
        legal_form=LegalForm(row.legal_form),
        trade_role=TradeRole(row.trade_role),
        trade_name=row.trade_name,
        service_provider_kind=None
        if row.service_provider_kind is None
        else ServiceProviderKind(row.service_provider_kind),
        pan=row.pan,
        tax_registrations=tuple(TaxRegistration(TaxKind(t.kind), t.number, t.country) for t in row.tax_registrations),
        registration_date=row.registration_date,
        annual_turnover=row.annual_turnover,
        group_id=row.group_id,
        master_partner_id=row.master_partner_id,
        has_quality_lab=row.has_quality_lab,
        has_own_transport=row.has_own_transport,
    )
    return Partner(
        id=row.id,
        tenant_id=row.tenant_id,
        code=row.code,
        profile=profile,
        locations=Locations([location_from(loc) for loc in row.locations]),
        branch_id=row.branch_id,
        status=PartnerStatus(row.status),
        bank_accounts=[
            BankAccount(a.id, a.holder_name, a.account_number, a.country, a.ifsc, a.swift, a.iban, a.is_primary)
            for a in row.bank_accounts
        ],
        documents=[
            Document(
                d.id,
                DocumentType(d.type),
                d.sha256,
                d.issued_on,
                d.expires_on,
                d.number,
                d.country,
                d.verified_by,
                d.verified_at,
            )
            for d in row.documents
        ],
        contacts=[Contact(c.id, c.full_name, c.mobile, c.email, c.designation, c.is_primary) for c in row.contacts],
        kyc_status=KycStatus(row.kyc_status),
        kyc_expires_on=row.kyc_expires_on,
        risk_score=row.risk_score,
        risk_category=None if row.risk_category is None else RiskCategory(row.risk_category),
        score=score_from(row.score_explanation),
        recommended_credit_limit=row.recommended_credit_limit,
        capability_override=override,
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        status_reason=row.status_reason,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        persisted_version=row.version,
    )


def copy_partner_to_row(partner: Partner, row: PartnerRow) -> None:
    profile, owner, override = partner.profile, partner.tenant_id, partner.capability_override
    row.tenant_id, row.code, row.branch_id = owner, partner.code, partner.branch_id
    row.legal_name, row.trade_name, row.country = profile.legal_name, profile.trade_name, profile.country
    row.entity_class, row.legal_form = profile.entity_class.value, profile.legal_form.value
    row.service_provider_kind = _text(profile.service_provider_kind)
    row.trade_role, row.pan, row.registration_date = profile.trade_role.value, profile.pan, profile.registration_date
    row.annual_turnover, row.group_id = profile.annual_turnover, profile.group_id
    row.master_partner_id = profile.master_partner_id
    row.has_quality_lab, row.has_own_transport = profile.has_quality_lab, profile.has_own_transport
    row.status, row.status_reason = partner.status.value, partner.status_reason
    row.kyc_status, row.kyc_expires_on = partner.kyc_status.value, partner.kyc_expires_on
    row.risk_score, row.risk_category = partner.risk_score, _text(partner.risk_category)
    row.score_explanation = score_json(partner.score)
    row.recommended_credit_limit = partner.recommended_credit_limit
    row.override_capabilities = None if override is None else sorted(c.value for c in override.capabilities)
    row.override_reason = None if override is None else override.reason
    row.overridden_by = None if override is None else override.overridden_by
    row.overridden_at = None if override is None else override.overridden_at
    row.submitted_by, row.submitted_at = partner.submitted_by, partner.submitted_at
    row.decided_by, row.decided_at = partner.decided_by, partner.decided_at
    row.created_by, row.created_at, row.updated_at = partner.created_by, partner.created_at, partner.updated_at
    row.version = partner.version
    # children are written whole; rows keeping their key become UPDATEs, the others INSERTs or DELETEs
    row.tax_registrations = [
        TaxRegistrationRow(
            tenant_id=owner, partner_id=partner.id, position=i, kind=t.kind.value, number=t.number, country=t.country
        )
        for i, t in enumerate(profile.tax_registrations)
    ]
    row.locations = [location_row(loc, partner, i) for i, loc in enumerate(partner.locations.items)]
    row.bank_accounts = [
        BankAccountRow(
            id=a.id,
            tenant_id=owner,
            partner_id=partner.id,
            position=i,
            holder_name=a.holder_name,
            account_number=a.account_number,
            country=a.country,
            ifsc=a.ifsc,
            swift=a.swift,
            iban=a.iban,
            is_primary=a.primary,
        )
        for i, a in enumerate(partner.bank_accounts)
    ]
    row.documents = [
        DocumentRow(
            id=d.id,
            tenant_id=owner,
            partner_id=partner.id,
            position=i,
            type=d.type.value,
            sha256=d.sha256,
            issued_on=d.issued_on,
            expires_on=d.expires_on,
            number=d.number,
            country=d.country,
            verified_by=d.verified_by,
            verified_at=d.verified_at,
        )
        for i, d in enumerate(partner.documents)
    ]
    row.contacts = [
        ContactRow(
            id=c.id,
            tenant_id=owner,
            partner_id=partner.id,
            position=i,
            full_name=c.full_name,
            mobile=c.mobile,
            email=c.email,
            designation=c.designation,
            is_primary=c.primary,
        )
        for i, c in enumerate(partner.contacts)
    ]
