"""The partner aggregate: profile, owned entities, onboarding workflow and KYC state."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal

from backend.core.clock import utc_now
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.capabilities import (
    Capability,
    CapabilityFacts,
    CapabilityOverride,
    TradeCapabilities,
    effective_capabilities,
)
from backend.modules.partners.domain.enums import EDITABLE, KycStatus, LocationKind, PartnerStatus, RiskCategory
from backend.modules.partners.domain.errors import (
    InvalidPartnerInput,
    PartnerItemNotFound,
    PartnerNotEditable,
)
from backend.modules.partners.domain.kyc import is_expired
from backend.modules.partners.domain.locations import Location, Locations
from backend.modules.partners.domain.parts import (
    BankAccount,
    Contact,
    Document,
    bank_account_errors,
    contact_errors,
    document_errors,
)
from backend.modules.partners.domain.profile import PARTNER_CODE, PartnerProfile, profile_errors
from backend.modules.partners.domain.scoring import OnboardingScore
from backend.modules.partners.domain.workflow import PartnerWorkflow


def _check(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidPartnerInput(errors)


@dataclass(eq=False)
class Partner(PartnerWorkflow):
    id: uuid.UUID
    tenant_id: uuid.UUID
    code: str
    profile: PartnerProfile
    locations: Locations
    branch_id: uuid.UUID | None = None  # the tenant's branch that holds the relationship (branch scope)
    status: PartnerStatus = PartnerStatus.DRAFT
    bank_accounts: list[BankAccount] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    kyc_status: KycStatus = KycStatus.PENDING
    kyc_expires_on: date | None = None
    risk_score: int | None = None
    risk_category: RiskCategory | None = None
    score: OnboardingScore | None = None  # the explained score of the last submission
    recommended_credit_limit: Decimal | None = None
    capability_override: CapabilityOverride | None = None
    submitted_by: uuid.UUID | None = None
    submitted_at: datetime | None = None
    decided_by: uuid.UUID | None = None
    decided_at: datetime | None = None
    status_reason: str | None = None  # why it was rejected, suspended, or what info is wanted
    created_by: uuid.UUID | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        PartnerWorkflow.__init__(self)

    # creation and editing

    @classmethod
    def start_onboarding(
        cls,
        *,
        tenant_id: uuid.UUID,
        code: str,
        profile: PartnerProfile,
        head_office: Location,
        today: date,
        created_by: uuid.UUID | None = None,
        branch_id: uuid.UUID | None = None,
    ) -> Partner:
        profile = profile.normalized()
        errors = profile_errors(profile, today)
        if not PARTNER_CODE.fullmatch(code):
            errors.append(FieldError("code", f"{code!r} is not a partner code like BP-IN-0001"))
        if head_office.kind is not LocationKind.HEAD_OFFICE:
            errors.append(FieldError("head_office.kind", "the first location of a partner is its head office"))
        _check(errors)
        locations = Locations()
        try:
            locations.add(head_office, profile.country, profile.pan)
        except InvalidPartnerInput as invalid:
            _check([FieldError(f"head_office.{e.field}", e.message) for e in invalid.errors])
        partner = cls(
            id=new_uuid(),
            tenant_id=tenant_id,
            code=code,
            profile=profile,
            locations=locations,
            branch_id=branch_id,
            created_by=created_by,
        )
        partner.record(ev.PartnerOnboardingStarted(**partner._keys(), created_by=created_by))
        return partner

    def _ensure_editable(self) -> None:
        if self.status not in EDITABLE:
            raise PartnerNotEditable(self.code, self.status.value)

    def revise(self, profile: PartnerProfile, today: date) -> tuple[str, ...]:
        """Replace the profile while draft or info_requested; returns the fields that changed."""
        self._ensure_editable()
        profile = profile.normalized()
        errors = profile_errors(profile, today)
        if profile.pan != self.profile.pan and not any(e.field == "pan" for e in errors):
            # a location's GSTIN embeds the PAN: a new PAN must still match every one of them
            for index, location in enumerate(self.locations.items):
                if location.gstin is not None:
                    field = f"locations.{index}.gstin"
                    errors += ids.gstin_errors(location.gstin, field=field, partner_pan=profile.pan)
        _check(errors)
        changed = tuple(f.name for f in fields(profile) if getattr(profile, f.name) != getattr(self.profile, f.name))
        if changed:
            self.profile = profile
            self._touch()
            self.record(ev.PartnerUpdated(**self._keys(), changed_fields=changed))
        return changed

    def add_location(self, location: Location) -> None:
        self._ensure_editable()
        self.locations.add(location, self.profile.country, self.profile.pan)
        self._touch()

    def remove_location(self, location_id: uuid.UUID) -> None:
        self._ensure_editable()
        self.locations.remove(location_id, self.code)
        self._touch()

    def add_bank_account(self, account: BankAccount) -> None:
        self._ensure_editable()
        _check(bank_account_errors(account))
        if account.primary:
            for other in self.bank_accounts:
                other.primary = False
        self.bank_accounts.append(account)
        self._touch()

    def add_contact(self, contact: Contact) -> None:
        self._ensure_editable()
        _check(contact_errors(contact))
        if contact.primary:
            for other in self.contacts:
                other.primary = False
        self.contacts.append(contact)
        self._touch()

    def add_document(self, document: Document) -> None:
        """Documents may be uploaded at any time until the partner is retired (KYC renewal needs them)."""
        if self.status in (PartnerStatus.INACTIVE, PartnerStatus.REJECTED):
            raise PartnerNotEditable(self.code, self.status.value)
        _check(document_errors(document))
        self.documents.append(document)
        self._touch()

    def verify_document(self, document_id: uuid.UUID, by: uuid.UUID, at: datetime | None = None) -> Document:
        document = next((d for d in self.documents if d.id == document_id), None)
        if document is None:
            raise PartnerItemNotFound("document", document_id)
        if document.verified_at is None:
            document.verified_by, document.verified_at = by, at or utc_now()
            self._touch()
            self.record(
                ev.DocumentVerified(
                    **self._keys(), document_id=document.id, document_type=document.type, verified_by=by
                )
            )
        return document

    # capabilities

    def capabilities(self, today: date) -> TradeCapabilities:
        facts = CapabilityFacts(
            self.profile.country, self.profile.entity_class, self.profile.trade_role, self.status, tuple(self.documents)
        )
        if is_expired(self.kyc_expires_on, today):
            # lapsed KYC stops trading on the day after expiry, whether or not the daily job ran yet
            reason = f"KYC expired on {self.kyc_expires_on}; renew it to trade again"
            return TradeCapabilities(self.profile.country, frozenset(), (reason,))
        return effective_capabilities(facts, today, self.capability_override)

    def override_capabilities(self, capabilities: frozenset[Capability], reason: str, by: uuid.UUID) -> None:
        self.capability_override = CapabilityOverride(capabilities, reason.strip(), by, utc_now())
        self._touch()
        caps = tuple(sorted(c.value for c in capabilities))
        self.record(
            ev.CapabilitiesOverridden(**self._keys(), capabilities=caps, reason=reason.strip(), overridden_by=by)
        )
