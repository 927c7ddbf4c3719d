"""Amendments, evidence, document contents, KYC reminders, and what each scope may see: one
contract for the in-memory fake and PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest

from backend.core.errors import ConcurrencyConflict, Conflict, Forbidden, NotFound
from backend.modules.partners.application.ports import (
    PartnerFilter,
    VerificationEvidence,
    VerificationKind,
    VerificationOutcome,
)
from backend.modules.partners.domain.amendments import AmendmentKind, AmendmentStatus
from backend.modules.partners.domain.parts import Contact
from tests.integration.partners.builders import CHECKER, TODAY, amendments_of_each_kind, draft, full_partner
from tests.integration.partners.conftest import Storage


def _evidence(partner_id: uuid.UUID, outcome: VerificationOutcome, minute: int) -> VerificationEvidence:
    return VerificationEvidence(
        id=uuid.uuid4(),
        partner_id=partner_id,
        kind=VerificationKind.GSTN,
        subject="27ABCCD1234E1Z5",
        outcome=outcome,
        provider="dev-gstn (development adapter, not a real lookup)",
        details={"legal_name": "Unique Cotton", "active": True, "turnover": "123.45"},
        checked_by=CHECKER if minute else None,
        checked_at=datetime(2026, 6, 15, 9, minute, tzinfo=UTC),
    )


async def test_amendments_of_each_kind_round_trip_newest_first(storage: Storage, tenant: uuid.UUID) -> None:
    partner = full_partner(tenant, "BP-IN-0001")
    amendments = amendments_of_each_kind(partner)
    for offset, amendment in enumerate(amendments):
        amendment.requested_at = datetime(2026, 6, 15, 9, offset, tzinfo=UTC)
    async with storage.uow(tenant) as uow:
        await uow.partners.add(partner)
        for amendment in amendments:
            await uow.amendments.add(amendment)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        loaded = await uow.amendments.for_partner(partner.id)
        single = await uow.amendments.get(amendments[0].id)
    assert [a.kind for a in loaded] == [
        AmendmentKind.CREDIT_LIMIT_CHANGE,
        AmendmentKind.CONTACT_CHANGE,
        AmendmentKind.NEW_LOCATION,
        AmendmentKind.BANK_CHANGE,
    ]
    assert [asdict(a) for a in loaded] == [asdict(a) for a in reversed(amendments)]
    assert single is not None
    assert asdict(single) == asdict(amendments[0])
    assert all(a.old_value is not None for a in loaded if a.kind is not AmendmentKind.NEW_LOCATION)
    async with storage.uow(tenant) as uow:
        with pytest.raises(Conflict):
            await uow.amendments.add(amendments[0])


async def test_an_amendment_decision_is_stored_and_a_stale_one_refused(storage: Storage, tenant: uuid.UUID) -> None:
    partner = full_partner(tenant, "BP-IN-0001")
    bank_change = amendments_of_each_kind(partner)[0]
    async with storage.uow(tenant) as uow:
        await uow.partners.add(partner)
        await uow.amendments.add(bank_change)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        amendment = await uow.amendments.get(bank_change.id, for_update=True)
        target = await uow.partners.get(partner.id, for_update=True)
        assert amendment is not None
        assert target is not None
        assert amendment.approve(CHECKER, target)
        await uow.amendments.save(amendment)
        await uow.partners.save(target)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        decided = await uow.amendments.get(bank_change.id)
        amended = await uow.partners.get(partner.id)
    assert decided is not None
    assert amended is not None
    assert (decided.status, decided.decided_by, decided.version) == (AmendmentStatus.APPROVED, CHECKER, 2)
    assert [a.account_number for a in amended.bank_accounts if a.primary] == ["009876543210"]
    bank_change.reject(CHECKER, "Too late")  # the copy still at version 1
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict):
            await uow.amendments.save(bank_change)


async def test_evidence_is_kept_in_order_and_contents_and_reminders_once(storage: Storage, tenant: uuid.UUID) -> None:
    partner = draft(tenant, "BP-IN-0001")
    later, earlier = (
        _evidence(partner.id, VerificationOutcome.MISMATCH, 5),
        _evidence(partner.id, VerificationOutcome.VERIFIED, 0),
    )
    document_id = uuid.uuid4()
    expires = TODAY + timedelta(days=30)
    async with storage.uow(tenant) as uow:
        await uow.partners.add(partner)
        await uow.evidence.add(later)
        await uow.evidence.add(earlier)
        await uow.documents.put(partner.id, document_id, "application/pdf", b"%PDF-1.7\x00\xff")
        assert await uow.kyc_reminders.claim(partner.id, expires, 30)
        assert not await uow.kyc_reminders.claim(partner.id, expires, 30)
        await uow.commit()
    async with storage.uow(tenant) as uow:
        assert await uow.evidence.for_partner(partner.id) == [earlier, later]
        assert await uow.documents.get(document_id) == ("application/pdf", b"%PDF-1.7\x00\xff")
        assert await uow.documents.get(uuid.uuid4()) is None
        assert not await uow.kyc_reminders.claim(partner.id, expires, 30)
        assert await uow.kyc_reminders.claim(partner.id, expires, 7)
        with pytest.raises(NotFound):
            await uow.kyc_reminders.claim(uuid.uuid4(), expires, 30)
        with pytest.raises(NotFound):
            await uow.evidence.add(_evidence(uuid.uuid4(), VerificationOutcome.VERIFIED, 1))
    async with storage.uow(tenant) as uow:
        with pytest.raises(Conflict):
            await uow.documents.put(partner.id, document_id, "image/png", b"png")


async def test_another_tenant_sees_nothing(storage: Storage, tenant: uuid.UUID) -> None:
    partner = full_partner(tenant, "BP-IN-0001")
    amendment = amendments_of_each_kind(partner)[0]
    document_id = uuid.uuid4()
    async with storage.uow(tenant) as uow:
        await uow.partners.add(partner)
        await uow.amendments.add(amendment)
        await uow.evidence.add(_evidence(partner.id, VerificationOutcome.VERIFIED, 1))
        await uow.documents.put(partner.id, document_id, "application/pdf", b"pdf")
        await uow.commit()
    other = uuid.uuid4()
    pan, gstin = partner.profile.pan or "", partner.profile.gstins[0]
    async with storage.uow(other) as uow:
        assert await uow.partners.get(partner.id) is None
        assert await uow.partners.get_many({partner.id}) == []
        assert await uow.partners.search(PartnerFilter(limit=10)) == []
        assert await uow.partners.search_summaries(PartnerFilter(limit=10)) == []
        assert await uow.partners.holders_of({pan}, {gstin}) == []
        assert await uow.partners.kyc_due(TODAY, 3650) == []
        assert await uow.amendments.get(amendment.id) is None
        assert await uow.amendments.for_partner(partner.id) == []
        assert await uow.evidence.for_partner(partner.id) == []
        assert await uow.documents.get(document_id) is None
        with pytest.raises(NotFound):
            await uow.documents.put(partner.id, uuid.uuid4(), "application/pdf", b"pdf")
        with pytest.raises(ConcurrencyConflict):
            await uow.partners.save(partner)
        with pytest.raises(Forbidden):
            await uow.partners.add(draft(tenant, "BP-IN-0002"))


async def test_an_external_users_scope_sees_its_own_partner_only(storage: Storage, tenant: uuid.UUID) -> None:
    own, other = draft(tenant, "BP-IN-0001"), full_partner(tenant, "BP-IN-0002")
    amendment = amendments_of_each_kind(other)[0]
    async with storage.uow(tenant) as uow:
        await uow.partners.add(own)
        await uow.partners.add(other)
        await uow.amendments.add(amendment)
        await uow.evidence.add(_evidence(other.id, VerificationOutcome.VERIFIED, 1))
        await uow.commit()
    async with storage.uow(tenant, own.id) as uow:
        assert [p.id for p in await uow.partners.search(PartnerFilter(limit=10))] == [own.id]
        assert [p.id for p in await uow.partners.search_summaries(PartnerFilter(limit=10))] == [own.id]
        loaded = await uow.partners.get(own.id)
        assert await uow.partners.get(other.id) is None
        assert [p.id for p in await uow.partners.get_many({own.id, other.id})] == [own.id]
        assert await uow.amendments.get(amendment.id) is None
        assert await uow.amendments.for_partner(other.id) == []
        assert await uow.evidence.for_partner(other.id) == []
        pan = other.profile.pan or ""
        assert await uow.partners.holders_of({pan}, set(other.profile.gstins)) == []
        with pytest.raises(Forbidden):
            await uow.partners.add(draft(tenant, "BP-IN-0003"))
        assert loaded is not None
        loaded.add_contact(Contact(uuid.uuid4(), "Meera Shah", "+919811112222"))
        await uow.partners.save(loaded)  # its own partner it may change
        await uow.commit()
