"""What the partner use cases need from storage and from outside verifiers (implemented in infrastructure)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, Self

from backend.core.principal import DataScope
from backend.modules.partners.domain.amendments import Amendment
from backend.modules.partners.domain.approval import DEFAULT_POLICY, ApprovalPolicy
from backend.modules.partners.domain.enums import (
    EntityClass,
    KycStatus,
    PartnerStatus,
    RiskCategory,
    TradeRole,
)
from backend.modules.partners.domain.locations import Address, Coordinates
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.scoring import DEFAULT_RULES, ScoreRules


@dataclass(frozen=True)
class IdentifierHolder:
    """A partner already holding a PAN or GSTIN (duplicate detection)."""

    partner_id: uuid.UUID
    partner_code: str
    master_partner_id: uuid.UUID | None
    identifier: str  # the PAN or GSTIN that matched


@dataclass(frozen=True)
class PartnerFilter:
    """A keyset page in code order; every criterion is optional and they combine with AND."""

    limit: int
    after_code: str | None = None
    status: PartnerStatus | None = None
    kyc_status: KycStatus | None = None
    entity_class: EntityClass | None = None
    country: str | None = None
    name_prefix: str | None = None  # legal or trade name, case-insensitive
    pan: str | None = None
    gstin: str | None = None  # on the profile's registrations or on any location
    branches: frozenset[uuid.UUID] | None = None  # None: every branch; else those and none-assigned excluded
    partner_id: uuid.UUID | None = None  # an external user's own partner


@dataclass(frozen=True)
class PartnerSummary:
    """What a list shows of a partner: its own columns only, none of its child collections."""

    id: uuid.UUID
    code: str
    legal_name: str
    trade_name: str | None
    country: str
    entity_class: EntityClass
    trade_role: TradeRole
    status: PartnerStatus
    kyc_status: KycStatus
    kyc_expires_on: date | None
    risk_score: int | None
    risk_category: RiskCategory | None
    branch_id: uuid.UUID | None
    version: int


class PartnerRepository(Protocol):
    async def add(self, partner: Partner) -> None:
        """Insert; a taken partner code raises ``Conflict``."""

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> Partner | None: ...

    async def get_many(self, partner_ids: set[uuid.UUID]) -> list[Partner]: ...

    async def save(self, partner: Partner) -> None:
        """Store changes from the version it was loaded at; ``ConcurrencyConflict`` when it moved on."""

    async def next_code_sequence(self, country: str) -> int:
        """The tenant's next number for codes of ``country`` (BP-IN-0001, BP-IN-0002…), without gaps
        among committed partners and safe under concurrent creation."""

    async def holders_of(self, pans: set[str], gstins: set[str]) -> list[IdentifierHolder]:
        """Partners of the tenant whose PAN, profile GSTIN or location GSTIN is one of these.

        Until the transaction ends, a concurrent call asking about one of the same identifiers waits,
        so a check followed by an insert is safe from a duplicate onboarded at the same moment."""

    async def search(self, page: PartnerFilter) -> list[Partner]: ...

    async def search_summaries(self, page: PartnerFilter) -> list[PartnerSummary]:
        """The partners ``search`` finds, in the same order and page, without loading the aggregates."""

    async def kyc_expiring_summaries(
        self, today: date, days: int, *, limit: int, after_code: str | None
    ) -> list[PartnerSummary]:
        """Verified KYC still valid today that expires within ``days`` days, in expiry then code order."""

    async def kyc_due(self, today: date, horizon_days: int) -> list[Partner]:
        """Every tenant's (system scope) partners with verified KYC expiring by ``today + horizon_days``,
        already lapsed ones included: the input of the daily KYC job."""


class AmendmentRepository(Protocol):
    async def add(self, amendment: Amendment) -> None: ...

    async def get(self, amendment_id: uuid.UUID, *, for_update: bool = False) -> Amendment | None: ...

    async def save(self, amendment: Amendment) -> None: ...

    async def for_partner(self, partner_id: uuid.UUID) -> list[Amendment]:
        """Newest first."""


class VerificationKind(StrEnum):
    GSTN = "gstn"
    BANK_ACCOUNT = "bank_account"
    GEOCODE = "geocode"


class VerificationOutcome(StrEnum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"  # the verifier knows the subject but its facts differ from ours
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"  # the verifier failed; nothing was learnt


@dataclass(frozen=True)
class VerificationEvidence:
    """One verifier's answer about one subject of a partner, kept as onboarding evidence."""

    id: uuid.UUID
    partner_id: uuid.UUID
    kind: VerificationKind
    subject: str  # the GSTIN, the account (masked) or the location id
    outcome: VerificationOutcome
    provider: str  # e.g. "dev-gstn (development adapter, not a real lookup)"
    details: dict[str, Any]
    checked_by: uuid.UUID | None
    checked_at: datetime


class EvidenceRepository(Protocol):
    async def add(self, evidence: VerificationEvidence) -> None: ...

    async def for_partner(self, partner_id: uuid.UUID) -> list[VerificationEvidence]:
        """Oldest first."""


class DocumentContents(Protocol):
    """The bytes of uploaded documents, addressed by document id; the aggregate keeps the SHA-256."""

    async def put(self, partner_id: uuid.UUID, document_id: uuid.UUID, media_type: str, content: bytes) -> None: ...

    async def get(self, document_id: uuid.UUID) -> tuple[str, bytes] | None:
        """``(media_type, content)``."""


class KycReminderLog(Protocol):
    async def claim(self, partner_id: uuid.UUID, expires_on: date, days_before: int) -> bool:
        """Record that this reminder went out; False when it already had (the job may run twice)."""


class PartnersUnitOfWork(Protocol):
    @property
    def partners(self) -> PartnerRepository: ...

    @property
    def amendments(self) -> AmendmentRepository: ...

    @property
    def evidence(self) -> EvidenceRepository: ...

    @property
    def documents(self) -> DocumentContents: ...

    @property
    def kyc_reminders(self) -> KycReminderLog: ...

    @property
    def scope(self) -> DataScope:
        """Whose data this unit of work may see and change."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...


# verification ports: real adapters call GSTN, a bank-account validation service, a geocoder


@dataclass(frozen=True)
class GstnRecord:
    gstin: str
    legal_name: str | None  # None: the source does not say (the development adapter cannot know it)
    state_code: str
    active: bool  # False: cancelled or suspended registration
    registered_on: date | None


class GstnLookup(Protocol):
    provider: str

    async def lookup(self, gstin: str) -> GstnRecord | None:
        """The registration as GSTN knows it; ``None`` when there is none."""


@dataclass(frozen=True)
class BankAccountCheck:
    valid: bool
    holder_name: str | None  # as the bank reports it (penny-drop style)


class BankAccountVerifier(Protocol):
    provider: str

    async def verify(self, account_number: str, *, ifsc: str | None, swift: str | None) -> BankAccountCheck: ...


class Geocoder(Protocol):
    provider: str

    async def geocode(self, address: Address, *, state_code: str | None = None) -> Coordinates | None:
        """Where ``address`` is; ``state_code`` (GST state code of an Indian address) narrows the search."""


@dataclass(frozen=True)
class Verifiers:
    gstn: GstnLookup
    bank_accounts: BankAccountVerifier
    geocoder: Geocoder


@dataclass(frozen=True)
class PartnerSettings:
    """A tenant's partner settings, read from runtime configuration (``partners.*`` keys)."""

    score_rules: ScoreRules = DEFAULT_RULES
    approval_policy: ApprovalPolicy = DEFAULT_POLICY
    suspend_on_kyc_expiry: bool = False
    currency: str = "INR"


class PartnerSettingsSource(Protocol):
    async def for_tenant(self, tenant_id: uuid.UUID) -> PartnerSettings: ...
