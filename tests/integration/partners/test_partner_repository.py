"""The partner repository's contract, on the in-memory fake and on PostgreSQL alike."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import timedelta

import pytest

from backend.core.errors import ConcurrencyConflict, Conflict
from backend.modules.partners.application.ports import IdentifierHolder, PartnerFilter, PartnerSummary
from backend.modules.partners.domain.enums import EntityClass, KycStatus, PartnerStatus, RiskCategory
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import BankAccount
from backend.modules.partners.domain.profile import partner_code
from tests.integration.partners.builders import CHECKER, TODAY, approved, branch, draft, full_partner, gstin_for
from tests.integration.partners.conftest import Storage


async def _add(storage: Storage, *partners: Partner) -> None:
    async with storage.uow(partners[0].tenant_id) as uow:
        for partner in partners:
            await uow.partners.add(partner)
        await uow.commit()


async def _get(storage: Storage, partner: Partner) -> Partner:
    async with storage.uow(partner.tenant_id) as uow:
        loaded = await uow.partners.get(partner.id)
    assert loaded is not None
    return loaded


async def test_every_field_of_a_full_partner_survives_a_round_trip(storage: Storage, tenant: uuid.UUID) -> None:
    original = full_partner(tenant, "BP-IN-0001", branch_id=uuid.uuid4())
    await _add(storage, original)
    loaded = await _get(storage, original)
    assert asdict(loaded) == asdict(original)
    assert [loc.id for loc in loaded.locations.items] == [loc.id for loc in original.locations.items]
    assert loaded.score is not None
    assert loaded.capability_override is not None
    assert (loaded.version, loaded.persisted_version) == (original.version, original.version)
    async with storage.uow(tenant) as uow:
        assert [p.id for p in await uow.partners.get_many({original.id, uuid.uuid4()})] == [original.id]


async def test_a_taken_code_is_refused_within_a_tenant_only(storage: Storage, tenant: uuid.UUID) -> None:
    await _add(storage, draft(tenant, "BP-IN-0001"))
    with pytest.raises(Conflict, match="BP-IN-0001"):
        await _add(storage, draft(tenant, "BP-IN-0001"))
    await _add(storage, draft(uuid.uuid4(), "BP-IN-0001"))  # another tenant numbers on its own


async def test_changes_without_commit_are_discarded(storage: Storage, tenant: uuid.UUID) -> None:
    partner = draft(tenant, "BP-IN-0001")
    async with storage.uow(tenant) as uow:
        await uow.partners.add(partner)
    async with storage.uow(tenant) as uow:
        assert await uow.partners.get(partner.id) is None


async def test_owned_entities_follow_the_aggregate_and_a_stale_save_is_refused(
    storage: Storage, tenant: uuid.UUID
) -> None:
    partner = draft(tenant, "BP-IN-0001")
    pan = partner.profile.pan
    assert pan is not None
    extra = branch(pan)
    partner.add_location(extra)
    await _add(storage, partner)
    async with storage.uow(tenant) as uow:
        fresh = await uow.partners.get(partner.id, for_update=True)
        assert fresh is not None
        fresh.remove_location(extra.id)
        fresh.add_location(branch(pan, "33"))
        fresh.add_bank_account(BankAccount(uuid.uuid4(), "Unique", "001234567890", "IN", ifsc="HDFC0001234"))
        await uow.partners.save(fresh)
        await uow.commit()
    stored = await _get(storage, partner)
    assert asdict(stored) == asdict(fresh)
    assert stored.version == 2
    assert [loc.state_code for loc in stored.locations.items] == ["27", "33"]
    # ``partner`` still believes it is at version 1
    partner.add_contact(partner.contacts[0])
    async with storage.uow(tenant) as uow:
        with pytest.raises(ConcurrencyConflict, match="BP-IN-0001"):
            await uow.partners.save(partner)


async def test_code_numbers_count_per_tenant_and_country_and_a_rollback_leaves_no_gap(
    storage: Storage, tenant: uuid.UUID
) -> None:
    async with storage.uow(tenant) as uow:
        assert [await uow.partners.next_code_sequence("IN") for _ in range(2)] == [1, 2]
        await uow.commit()
    async with storage.uow(tenant) as uow:
        assert await uow.partners.next_code_sequence("IN") == 3  # never committed
    async with storage.uow(tenant) as uow:
        assert await uow.partners.next_code_sequence("IN") == 3
        assert await uow.partners.next_code_sequence("DE") == 1
        await uow.commit()
    async with storage.uow(uuid.uuid4()) as uow:
        assert await uow.partners.next_code_sequence("IN") == 1


async def test_holders_of_finds_pan_profile_gstin_and_location_gstin(storage: Storage, tenant: uuid.UUID) -> None:
    first, second = draft(tenant, "BP-IN-0001"), draft(tenant, "BP-IN-0002")
    assert first.profile.pan is not None
    assert second.profile.pan is not None
    located = branch(second.profile.pan, "33")
    second.add_location(located)
    await _add(storage, first, second)
    await _add(storage, draft(uuid.uuid4(), "BP-IN-0001", pan=first.profile.pan))  # another tenant's
    profile_gstin = first.profile.gstins[0]
    assert located.gstin is not None
    async with storage.uow(tenant) as uow:
        holders = await uow.partners.holders_of({first.profile.pan, "ZZZCZ9999Z"}, {profile_gstin, located.gstin})
        assert await uow.partners.holders_of(set(), set()) == []
    master = first.profile.master_partner_id
    assert holders == [
        IdentifierHolder(first.id, "BP-IN-0001", master, profile_gstin),
        IdentifierHolder(first.id, "BP-IN-0001", master, first.profile.pan),
        IdentifierHolder(second.id, "BP-IN-0002", second.profile.master_partner_id, located.gstin),
    ]


async def test_search_applies_every_criterion_and_pages_by_code(storage: Storage, tenant: uuid.UUID) -> None:
    north, south = uuid.uuid4(), uuid.uuid4()
    alpha = approved(draft(tenant, "BP-IN-0001", legal_name="Alpha Cotton Mills", branch_id=north), TODAY)
    underscore = draft(tenant, "BP-IN-0002", legal_name="Beta Oils", trade_name="Alpha_Oils", branch_id=south)
    lookalike = draft(tenant, "BP-IN-0003", legal_name="AlphaXOils Limited", trade_name=None)
    broker = draft(tenant, "BP-DE-0001", pan="")
    await _add(storage, alpha, underscore, lookalike, broker)
    await _add(storage, draft(uuid.uuid4(), "BP-IN-0004", legal_name="Alpha Elsewhere"))
    assert alpha.profile.pan is not None
    located = branch(alpha.profile.pan, "33")

    async def codes(**criteria: object) -> list[str]:
        page = PartnerFilter(**{"limit": 50, **criteria})  # type: ignore[arg-type]
        async with storage.uow(tenant) as uow:
            found = [p.code for p in await uow.partners.search(page)]
            summarized = [s.code for s in await uow.partners.search_summaries(page)]
        assert summarized == found  # the list's summaries keep search's filters, order and paging
        return found

    assert await codes() == ["BP-DE-0001", "BP-IN-0001", "BP-IN-0002", "BP-IN-0003"]
    assert await codes(limit=2) == ["BP-DE-0001", "BP-IN-0001"]
    assert await codes(limit=2, after_code="BP-IN-0001") == ["BP-IN-0002", "BP-IN-0003"]
    assert await codes(status=PartnerStatus.APPROVED) == ["BP-IN-0001"]
    assert await codes(kyc_status=KycStatus.PENDING) == ["BP-DE-0001", "BP-IN-0002", "BP-IN-0003"]
    assert await codes(entity_class=EntityClass.SERVICE_PROVIDER) == ["BP-DE-0001"]
    assert await codes(country="de") == ["BP-DE-0001"]
    assert await codes(name_prefix="ALPHA") == ["BP-IN-0001", "BP-IN-0002", "BP-IN-0003"]
    assert await codes(name_prefix="alpha_") == ["BP-IN-0002"]  # '_' is a letter here, not a wildcard
    assert await codes(name_prefix="%") == []
    assert await codes(pan=alpha.profile.pan.lower()) == ["BP-IN-0001"]
    assert await codes(gstin=alpha.profile.gstins[0]) == ["BP-IN-0001"]
    assert await codes(gstin=located.gstin) == []
    assert await codes(branches=frozenset({north})) == ["BP-IN-0001"]
    assert await codes(branches=frozenset()) == []
    assert await codes(partner_id=underscore.id) == ["BP-IN-0002"]
    assert await codes(name_prefix="alpha", branches=frozenset({north, south}), kyc_status=KycStatus.PENDING) == [
        "BP-IN-0002"
    ]
    async with storage.uow(tenant) as uow:
        found = await uow.partners.get(underscore.id)
        assert found is not None
        found.add_location(branch(found.profile.pan or "", "33"))
        await uow.partners.save(found)
        await uow.commit()
    gstin = gstin_for(underscore.profile.pan or "", "33")
    assert await codes(gstin=gstin) == ["BP-IN-0002"]  # a location's GSTIN counts too


async def test_a_summary_carries_the_partners_own_columns(storage: Storage, tenant: uuid.UUID) -> None:
    partner = full_partner(tenant, "BP-IN-0001", branch_id=uuid.uuid4())
    approved(partner, TODAY + timedelta(days=3))
    partner.risk_score, partner.risk_category = 72, RiskCategory.MEDIUM
    await _add(storage, partner)
    p = partner.profile
    expected = PartnerSummary(
        *(partner.id, partner.code, p.legal_name, p.trade_name, p.country, p.entity_class, p.trade_role),
        *(partner.status, KycStatus.VERIFIED, TODAY + timedelta(days=3), partner.risk_score, partner.risk_category),
        *(partner.branch_id, partner.version),
    )
    async with storage.uow(tenant) as uow:
        assert await uow.partners.search_summaries(PartnerFilter(limit=10)) == [expected]
        assert await uow.partners.kyc_expiring_summaries(TODAY, 30, limit=10, after_code=None) == [expected]
    async with storage.uow(uuid.uuid4()) as other:
        assert await other.partners.search_summaries(PartnerFilter(limit=10)) == []
        assert await other.partners.kyc_expiring_summaries(TODAY, 30, limit=10, after_code=None) == []


async def test_kyc_lists_by_expiry(storage: Storage, tenant: uuid.UUID) -> None:
    day = timedelta(days=1)
    lapsed = approved(draft(tenant, "BP-IN-0001"), TODAY - day)
    today = approved(draft(tenant, "BP-IN-0002"), TODAY)
    soon_b = approved(draft(tenant, "BP-IN-0003"), TODAY + 10 * day)
    soon_a = approved(draft(tenant, "BP-IN-0004"), TODAY + 10 * day)
    later = approved(draft(tenant, "BP-IN-0005"), TODAY + 31 * day)
    expired = approved(draft(tenant, "BP-IN-0006"), TODAY + 5 * day)
    expired.kyc_status = KycStatus.EXPIRED
    await _add(storage, lapsed, today, soon_b, soon_a, later, expired, draft(tenant, "BP-IN-0007"))
    other = uuid.uuid4()
    await _add(storage, approved(draft(other, "BP-IN-0001"), TODAY))

    async def expiring(limit: int, after: str | None) -> list[str]:
        async with storage.uow(tenant) as uow:
            found = await uow.partners.kyc_expiring_summaries(TODAY, 30, limit=limit, after_code=after)
            return [p.code for p in found]

    assert await expiring(10, None) == ["BP-IN-0002", "BP-IN-0003", "BP-IN-0004"]
    assert await expiring(2, None) == ["BP-IN-0002", "BP-IN-0003"]
    assert await expiring(2, "BP-IN-0003") == ["BP-IN-0004"]
    assert await expiring(2, "BP-IN-0002") == ["BP-IN-0003", "BP-IN-0004"]
    async with storage.uow(tenant) as uow:
        due = [p.code for p in await uow.partners.kyc_due(TODAY, 10)]
    assert due == ["BP-IN-0001", "BP-IN-0002", "BP-IN-0003", "BP-IN-0004"]
    async with storage.uow(None) as system:  # the daily job sees every tenant
        due_everywhere = {(p.tenant_id, p.code) for p in await system.partners.kyc_due(TODAY, 0)}
    assert {(tenant, "BP-IN-0001"), (tenant, "BP-IN-0002"), (other, "BP-IN-0001")} <= due_everywhere


async def test_commit_publishes_the_aggregates_events(storage: Storage, tenant: uuid.UUID) -> None:
    partner = draft(tenant, partner_code("IN", 1))
    await _add(storage, partner)
    async with storage.uow(tenant) as uow:
        loaded = await uow.partners.get(partner.id)
        assert loaded is not None
        loaded.submit(uuid.uuid4(), TODAY)
        loaded.approve(CHECKER, TODAY)
        await uow.partners.save(loaded)
        await uow.commit()
    async with storage.uow(tenant) as uow:  # without commit: nothing
        again = await uow.partners.get(partner.id)
        assert again is not None
        again.suspend(CHECKER, "KYC documents unreadable")
        await uow.partners.save(again)
    wire_names = [name for name, aggregate in await storage.published() if aggregate == str(partner.id)]
    assert wire_names == [
        "partners.partner_onboarding_started.v1",
        "partners.partner_submitted.v1",
        "partners.partner_approved.v1",
    ]
