"""A partner's profile: the facts the onboarding form collects, and their rules."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from backend.core.errors import FieldError
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.enums import EntityClass, LegalForm, ServiceProviderKind, TaxKind, TradeRole
from backend.modules.partners.domain.parts import TaxRegistration, tax_registration_errors
from backend.modules.partners.domain.scoring import ScoreFacts

COUNTRY = re.compile(r"[A-Z]{2}")
PARTNER_CODE = re.compile(r"BP-[A-Z]{2}-[0-9]{4,}")
MAX_NAME = 200


def partner_code(country: str, sequence: int) -> str:
    """The tenant's next code for a partner of ``country``, e.g. ``BP-IN-0001``."""
    return f"BP-{country.upper()}-{sequence:04d}"


@dataclass(frozen=True)
class PartnerProfile:
    legal_name: str
    country: str  # ISO 3166 alpha-2
    entity_class: EntityClass
    legal_form: LegalForm
    trade_role: TradeRole
    trade_name: str | None = None
    service_provider_kind: ServiceProviderKind | None = None
    pan: str | None = None
    tax_registrations: tuple[TaxRegistration, ...] = ()
    registration_date: date | None = None
    annual_turnover: Decimal | None = None  # rupees for Indian partners
    group_id: uuid.UUID | None = None  # the corporate group
    master_partner_id: uuid.UUID | None = None  # a branch entity points at its master
    has_quality_lab: bool = False
    has_own_transport: bool = False

    @property
    def is_indian(self) -> bool:
        return self.country == "IN"

    def normalized(self) -> PartnerProfile:
        return PartnerProfile(
            **{
                **{f.name: getattr(self, f.name) for f in fields(self)},
                "legal_name": " ".join(self.legal_name.split()),
                "trade_name": " ".join(self.trade_name.split()) if self.trade_name else None,
                "country": self.country.strip().upper(),
                "pan": ids.normalize_pan(self.pan) if self.pan else None,
                "tax_registrations": tuple(
                    TaxRegistration(r.kind, ids.normalize_gstin(r.number), r.country) if r.kind is TaxKind.GSTIN else r
                    for r in self.tax_registrations
                ),
            }
        )

    @property
    def gstins(self) -> list[str]:
        return [r.number for r in self.tax_registrations if r.kind is TaxKind.GSTIN]

    def score_facts(self) -> ScoreFacts:
        return ScoreFacts(
            entity_class=self.entity_class,
            legal_form=self.legal_form,
            registration_date=self.registration_date,
            annual_turnover=self.annual_turnover,
            has_quality_lab=self.has_quality_lab,
            has_own_transport=self.has_own_transport,
        )


def _identity_errors(profile: PartnerProfile) -> list[FieldError]:
    errors: list[FieldError] = []
    if not 0 < len(profile.legal_name) <= MAX_NAME:
        errors.append(FieldError("legal_name", f"the legal name must have 1 to {MAX_NAME} characters"))
    if profile.trade_name is not None and len(profile.trade_name) > MAX_NAME:
        errors.append(FieldError("trade_name", f"the trade name must have at most {MAX_NAME} characters"))
    if not COUNTRY.fullmatch(profile.country):
        errors.append(FieldError("country", f"{profile.country!r} is not an ISO 3166 two-letter country code"))
    is_provider = profile.entity_class is EntityClass.SERVICE_PROVIDER
    if is_provider and profile.service_provider_kind is None:
        errors.append(FieldError("service_provider_kind", "a service provider needs its kind (broker, transporter…)"))
    if not is_provider and profile.service_provider_kind is not None:
        errors.append(FieldError("service_provider_kind", "only a service provider has a service provider kind"))
    if profile.is_indian and profile.legal_form is LegalForm.FOREIGN_ENTITY:
        errors.append(FieldError("legal_form", "an Indian partner cannot have the legal form foreign_entity"))
    return errors


def profile_errors(profile: PartnerProfile, today: date) -> list[FieldError]:
    """Every rule on a (normalized) profile, each naming its field."""
    errors = _identity_errors(profile)
    if profile.pan is not None:
        if message := ids.pan_error(profile.pan):
            errors.append(FieldError("pan", message))
    elif profile.is_indian:
        errors.append(FieldError("pan", "an Indian partner needs its PAN"))
    pan = profile.pan if profile.pan is not None and ids.pan_error(profile.pan) is None else None
    seen: set[str] = set()
    for index, registration in enumerate(profile.tax_registrations):
        field = f"tax_registrations.{index}"
        errors += tax_registration_errors(registration, field, pan)
        if registration.number in seen:
            errors.append(FieldError(f"{field}.number", f"{registration.number} is listed twice"))
        seen.add(registration.number)
    if profile.registration_date is not None and profile.registration_date > today:
        errors.append(FieldError("registration_date", "the registration date cannot be in the future"))
    turnover = profile.annual_turnover
    if turnover is not None and (not turnover.is_finite() or turnover < 0):
        errors.append(FieldError("annual_turnover", "the annual turnover must be zero or more"))
    return errors
