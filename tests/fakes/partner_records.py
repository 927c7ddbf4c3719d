"""In-memory evidence, document contents and KYC reminders: rows hanging off a partner, buffered
until commit like the partners themselves, and seen only through a partner the scope sees."""

from __future__ import annotations

import uuid
from datetime import date

from backend.core.errors import Conflict, NotFound
from backend.core.principal import DataScope
from backend.modules.partners.application.ports import VerificationEvidence
from backend.modules.partners.domain.partner import Partner
from tests.fakes.memory import Versioned
from tests.fakes.partner_stores import PartnerStores, sees


class InMemoryPartnerRecords:
    """Evidence, document contents and KYC reminders: rows hanging off a partner, buffered too."""

    def __init__(self, stores: PartnerStores, partners: Versioned[Partner], scope: DataScope) -> None:
        self.stores = stores
        self._partners = partners
        self._scope = scope
        self.evidence: list[tuple[uuid.UUID, VerificationEvidence]] = []
        self.contents: dict[uuid.UUID, tuple[uuid.UUID, str, bytes]] = {}
        self.reminders: set[tuple[uuid.UUID, date, int]] = set()

    def tenant_of(self, partner_id: uuid.UUID) -> uuid.UUID:
        partner = self._partners.all().get(partner_id)
        if partner is None or not sees(self._scope, partner):
            raise NotFound(f"no partner {partner_id}")
        return partner.tenant_id

    def sees(self, partner_id: uuid.UUID) -> bool:
        return sees(self._scope, self._partners.all().get(partner_id))

    def apply(self) -> None:
        self.stores.evidence.extend(self.evidence)
        self.stores.contents.update(self.contents)
        self.stores.reminders.update(self.reminders)
        self.discard()

    def discard(self) -> None:
        self.evidence.clear()
        self.contents.clear()
        self.reminders.clear()


class InMemoryEvidenceRepository:
    def __init__(self, records: InMemoryPartnerRecords) -> None:
        self._records = records

    async def add(self, evidence: VerificationEvidence) -> None:
        self._records.evidence.append((self._records.tenant_of(evidence.partner_id), evidence))

    async def for_partner(self, partner_id: uuid.UUID) -> list[VerificationEvidence]:
        if not self._records.sees(partner_id):
            return []
        rows = [e for _, e in (*self._records.stores.evidence, *self._records.evidence) if e.partner_id == partner_id]
        return sorted(rows, key=lambda e: e.checked_at)  # stable: insertion order among equal times


class InMemoryDocumentContents:
    def __init__(self, records: InMemoryPartnerRecords) -> None:
        self._records = records

    async def put(self, partner_id: uuid.UUID, document_id: uuid.UUID, media_type: str, content: bytes) -> None:
        self._records.tenant_of(partner_id)
        if document_id in self._records.stores.contents or document_id in self._records.contents:
            raise Conflict(f"document {document_id} already has its content")
        self._records.contents[document_id] = (partner_id, media_type, bytes(content))

    async def get(self, document_id: uuid.UUID) -> tuple[str, bytes] | None:
        found = self._records.contents.get(document_id) or self._records.stores.contents.get(document_id)
        if found is None or not self._records.sees(found[0]):
            return None
        return found[1], found[2]


class InMemoryKycReminderLog:
    def __init__(self, records: InMemoryPartnerRecords) -> None:
        self._records = records

    async def claim(self, partner_id: uuid.UUID, expires_on: date, days_before: int) -> bool:
        self._records.tenant_of(partner_id)
        key = (partner_id, expires_on, days_before)
        if key in self._records.stores.reminders or key in self._records.reminders:
            return False
        self._records.reminders.add(key)
        return True
