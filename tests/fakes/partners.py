"""In-memory partners unit of work and repositories, behaving like the PostgreSQL ones.

Reads hand out fresh copies, writes are buffered until ``commit`` (an exit without commit is a
rollback), ``save`` refuses a stale version, the scope limits what is seen like row-level security
does, and commit turns the tracked aggregates' domain events into integration events, as
``SqlPartnersUnitOfWork`` writes them to its outbox. ``FakePartners`` holds what one test shares;
the stores and the scope rule are in ``partner_stores``, evidence, contents and reminders in
``partner_records``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from backend.core.errors import ConcurrencyConflict, Conflict, Forbidden, NotFound
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import SYSTEM_SCOPE, DataScope
from backend.modules.partners.application.integration_events import to_integration_event
from backend.modules.partners.application.ports import IdentifierHolder, PartnerFilter, PartnerSummary
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.amendments import Amendment
from backend.modules.partners.domain.enums import KycStatus
from backend.modules.partners.domain.partner import Partner
from tests.fakes.memory import InMemoryOutbox, InMemoryUnitOfWork, Track, Versioned, hand_out
from tests.fakes.partner_records import (
    InMemoryDocumentContents,
    InMemoryEvidenceRepository,
    InMemoryKycReminderLog,
    InMemoryPartnerRecords,
)
from tests.fakes.partner_stores import PartnerStores, sees, summary_of


def _code_taken(partner: Partner, others: Iterable[Partner]) -> bool:
    return any(o.id != partner.id and (o.tenant_id, o.code) == (partner.tenant_id, partner.code) for o in others)


def _gstins(partner: Partner) -> set[str]:
    return {*partner.profile.gstins, *partner.locations.gstins}


def _matches(partner: Partner, page: PartnerFilter) -> bool:
    profile = partner.profile
    prefix = None if page.name_prefix is None else page.name_prefix.lower()
    checks = (
        page.after_code is None or partner.code > page.after_code,
        page.status is None or partner.status is page.status,
        page.kyc_status is None or partner.kyc_status is page.kyc_status,
        page.entity_class is None or profile.entity_class is page.entity_class,
        page.country is None or profile.country == page.country.upper(),
        prefix is None
        or profile.legal_name.lower().startswith(prefix)
        or (profile.trade_name is not None and profile.trade_name.lower().startswith(prefix)),
        page.pan is None or profile.pan == ids.normalize_pan(page.pan),
        page.gstin is None or ids.normalize_gstin(page.gstin) in _gstins(partner),
        page.branches is None or partner.branch_id in page.branches,
        page.partner_id is None or partner.id == page.partner_id,
    )
    return all(checks)


class InMemoryPartnerRepository:
    def __init__(self, stores: PartnerStores, scope: DataScope, track: Track) -> None:
        self._stores, self._scope, self._track = stores, scope, track
        self.rows = Versioned(stores.partners, lambda p: f"partner {p.code}")
        self._sequences: dict[tuple[uuid.UUID, str], int] = {}
        self._sequence_bases: dict[tuple[uuid.UUID, str], int] = {}

    def visible(self) -> list[Partner]:
        return [p for p in self.rows.all().values() if sees(self._scope, p)]

    def _hand_out(self, stored: Partner) -> Partner:
        return hand_out(stored, self._track)

    async def add(self, partner: Partner) -> None:
        if not sees(self._scope, partner):
            raise Forbidden(f"partner {partner.code} is outside this unit of work's scope")
        if partner.id in self.rows.all() or _code_taken(partner, self.rows.all().values()):
            raise Conflict(f"partner code {partner.code} is already taken", extra={"code": partner.code})
        self.rows.insert(partner)
        self._track(partner)

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> Partner | None:
        stored = self.rows.all().get(partner_id)
        return self._hand_out(stored) if stored is not None and sees(self._scope, stored) else None

    async def get_many(self, partner_ids: set[uuid.UUID]) -> list[Partner]:
        found = [p for p in self.visible() if p.id in partner_ids]
        return [self._hand_out(p) for p in sorted(found, key=lambda p: p.code)]

    async def save(self, partner: Partner) -> None:
        if not sees(self._scope, self.rows.all().get(partner.id)):
            raise self.rows.conflict(partner)
        self.rows.update(partner)

    async def next_code_sequence(self, country: str) -> int:
        if self._scope.tenant_id is None:
            raise RuntimeError("partner codes are numbered per tenant; this unit of work has no tenant")
        key = (self._scope.tenant_id, country.upper())
        committed = self._stores.sequences.get(key, 0)
        self._sequence_bases.setdefault(key, committed)
        self._sequences[key] = self._sequences.get(key, committed) + 1
        return self._sequences[key]

    async def holders_of(self, pans: set[str], gstins: set[str]) -> list[IdentifierHolder]:
        holders: set[IdentifierHolder] = set()
        for partner in self.visible():
            matched = ({partner.profile.pan} & pans) | (_gstins(partner) & gstins)
            for identifier in matched:
                assert identifier is not None
                holders.add(IdentifierHolder(partner.id, partner.code, partner.profile.master_partner_id, identifier))
        return sorted(holders, key=lambda h: (h.partner_code, h.identifier))

    def _found(self, page: PartnerFilter) -> list[Partner]:
        return sorted((p for p in self.visible() if _matches(p, page)), key=lambda p: p.code)[: page.limit]

    async def search(self, page: PartnerFilter) -> list[Partner]:
        return [self._hand_out(p) for p in self._found(page)]

    async def search_summaries(self, page: PartnerFilter) -> list[PartnerSummary]:
        return [summary_of(p) for p in self._found(page)]

    async def kyc_expiring_summaries(
        self, today: date, days: int, *, limit: int, after_code: str | None
    ) -> list[PartnerSummary]:
        def key(p: Partner) -> tuple[date, str]:
            assert p.kyc_expires_on is not None
            return (p.kyc_expires_on, p.code)

        last = today + timedelta(days=days)
        found = sorted(
            (
                p
                for p in self.visible()
                if p.kyc_status is KycStatus.VERIFIED
                and p.kyc_expires_on is not None
                and today <= p.kyc_expires_on <= last
            ),
            key=key,
        )
        if after_code is not None:
            cursor = next((p for p in self.visible() if p.code == after_code), None)
            if cursor is None or cursor.kyc_expires_on is None:
                return []  # the cursor's partner is gone: nothing to continue from
            found = [p for p in found if key(p) > (cursor.kyc_expires_on, cursor.code)]
        return [summary_of(p) for p in found[:limit]]

    async def kyc_due(self, today: date, horizon_days: int) -> list[Partner]:
        last = today + timedelta(days=horizon_days)
        found = [
            p
            for p in self.visible()
            if p.kyc_status is KycStatus.VERIFIED and p.kyc_expires_on is not None and p.kyc_expires_on <= last
        ]
        return [self._hand_out(p) for p in sorted(found, key=lambda p: (p.kyc_expires_on, p.code))]

    def check(self) -> None:
        self.rows.check(lambda p: _code_taken(p, self._stores.partners.values()))
        for key, base in self._sequence_bases.items():
            if self._stores.sequences.get(key, 0) != base:
                raise ConcurrencyConflict("another partner took that code number first; retry")

    def apply(self) -> None:
        self.rows.apply()
        self._stores.sequences.update(self._sequences)
        self.discard()

    def discard(self) -> None:
        self.rows.discard()
        self._sequences.clear()
        self._sequence_bases.clear()


class InMemoryAmendmentRepository:
    def __init__(self, partners: InMemoryPartnerRepository, scope: DataScope, track: Track) -> None:
        self.rows = Versioned(partners._stores.amendments, lambda a: f"amendment {a.id} of {a.partner_code}")
        self._partners, self._scope, self._track = partners, scope, track

    def _sees(self, amendment: Amendment | None) -> bool:
        if amendment is None:
            return False
        scope = self._scope
        return scope.platform or (
            amendment.tenant_id == scope.tenant_id and scope.partner_id in (None, amendment.partner_id)
        )

    def _hand_out(self, stored: Amendment) -> Amendment:
        return hand_out(stored, self._track)

    async def add(self, amendment: Amendment) -> None:
        partner = self._partners.rows.all().get(amendment.partner_id)
        if not sees(self._scope, partner) or partner is None or partner.tenant_id != amendment.tenant_id:
            raise NotFound(f"no partner {amendment.partner_id} in tenant {amendment.tenant_id}")
        if amendment.id in self.rows.all():
            raise Conflict(f"amendment {amendment.id} already exists")
        self.rows.insert(amendment)
        self._track(amendment)

    async def get(self, amendment_id: uuid.UUID, *, for_update: bool = False) -> Amendment | None:
        stored = self.rows.all().get(amendment_id)
        return self._hand_out(stored) if stored is not None and self._sees(stored) else None

    async def save(self, amendment: Amendment) -> None:
        if not self._sees(self.rows.all().get(amendment.id)):
            raise self.rows.conflict(amendment)
        self.rows.update(amendment)

    async def for_partner(self, partner_id: uuid.UUID) -> list[Amendment]:
        found = [a for a in self.rows.all().values() if a.partner_id == partner_id and self._sees(a)]
        found.sort(key=lambda a: (a.requested_at, str(a.id)), reverse=True)
        return [self._hand_out(a) for a in found]


class InMemoryPartnersUnitOfWork(InMemoryUnitOfWork):
    """Single use, like ``SqlPartnersUnitOfWork``; ``published`` plays the outbox."""

    def __init__(
        self,
        stores: PartnerStores,
        published: list[IntegrationEvent],
        inbox: set[tuple[uuid.UUID, str]],
        scope: DataScope = SYSTEM_SCOPE,
    ) -> None:
        super().__init__(published, inbox, scope, to_integration_event)
        self._partners = InMemoryPartnerRepository(stores, scope, self.track)
        self._amendments = InMemoryAmendmentRepository(self._partners, scope, self.track)
        self._records = InMemoryPartnerRecords(stores, self._partners.rows, scope)
        self._evidence = InMemoryEvidenceRepository(self._records)
        self._documents = InMemoryDocumentContents(self._records)
        self._kyc_reminders = InMemoryKycReminderLog(self._records)

    @property
    def partners(self) -> InMemoryPartnerRepository:
        return self._partners

    @property
    def amendments(self) -> InMemoryAmendmentRepository:
        return self._amendments

    @property
    def evidence(self) -> InMemoryEvidenceRepository:
        return self._evidence

    @property
    def documents(self) -> InMemoryDocumentContents:
        return self._documents

    @property
    def kyc_reminders(self) -> InMemoryKycReminderLog:
        return self._kyc_reminders

    def _write(self) -> None:
        self._partners.check()
        self._amendments.rows.check()
        self._partners.apply()
        self._amendments.rows.apply()
        self._records.apply()

    def _discard(self) -> None:
        self._partners.discard()
        self._amendments.rows.discard()
        self._records.discard()


class FakePartners(InMemoryOutbox):
    """The state one test shares across units of work: stored rows, outbox (``published``) and inbox."""

    def __init__(self) -> None:
        super().__init__()
        self.stores = PartnerStores()
        self.uows: list[InMemoryPartnersUnitOfWork] = []

    def uow(self, scope: DataScope = SYSTEM_SCOPE) -> InMemoryPartnersUnitOfWork:
        uow = InMemoryPartnersUnitOfWork(self.stores, self.published, self.inbox, scope)
        self.uows.append(uow)
        return uow
