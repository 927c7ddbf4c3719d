"""What only PostgreSQL can show: concurrent writers on separate connections, row-level security
under raw SQL, the append-only evidence, and the outbox rows a commit writes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app.bootstrap import Container
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import DataScope
from backend.modules.partners.application.ports import VerificationEvidence, VerificationKind, VerificationOutcome
from backend.modules.partners.domain.profile import partner_code
from backend.modules.partners.infrastructure.record_tables import code_sequences
from backend.modules.partners.infrastructure.tables import PartnerRow, outbox
from tests.conftest import platform_session
from tests.integration.partners.builders import CHECKER, TODAY, amendments_of_each_kind, draft, full_partner
from tests.integration.test_row_level_security import refused, scoped_session

SCHEMA = "partners"
PARTNER_TABLES = (
    "partners",
    "tax_registrations",
    "locations",
    "bank_accounts",
    "documents",
    "contacts",
    "amendments",
    "verification_evidence",
    "document_contents",
    "kyc_reminders",
)


async def _forget(container: Container, tenant: uuid.UUID) -> None:
    """Remove what a committing test left behind (the run's database is dropped at the end anyway)."""
    async with platform_session(container) as session:
        await session.execute(delete(outbox).where(outbox.c.tenant_id == str(tenant)))
        await session.execute(delete(PartnerRow).where(PartnerRow.tenant_id == tenant))
        await session.execute(delete(code_sequences).where(code_sequences.c.tenant_id == tenant))


async def test_concurrent_creations_never_share_a_code(committed_container: Callable[[], Container]) -> None:
    container, tenant = committed_container(), uuid.uuid4()
    scope = DataScope(tenant)

    async def create() -> str:
        async with container.partners_uow(scope) as uow:
            number = await uow.partners.next_code_sequence("IN")
            await asyncio.sleep(0.05)  # the others now wait on the counter's row
            partner = draft(tenant, partner_code("IN", number))
            await uow.partners.add(partner)
            await uow.commit()
            return partner.code

    try:
        codes = await asyncio.gather(*(create() for _ in range(5)))
        assert sorted(codes) == [f"BP-IN-000{n}" for n in range(1, 6)]
        async with container.partners_uow(scope) as uow:
            assert await uow.partners.next_code_sequence("IN") == 6  # not committed: no gap either
    finally:
        await _forget(container, tenant)


async def test_the_second_of_two_writers_on_one_version_gets_a_conflict(
    committed_container: Callable[[], Container],
) -> None:
    container, tenant = committed_container(), uuid.uuid4()
    scope = DataScope(tenant)
    partner = draft(tenant, "BP-IN-0001")
    try:
        async with container.partners_uow(scope) as uow:
            await uow.partners.add(partner)
            await uow.commit()
        first, second = container.partners_uow(scope), container.partners_uow(scope)
        async with first, second:
            a, b = await first.partners.get(partner.id), await second.partners.get(partner.id)
            assert a is not None
            assert b is not None
            a.submit(uuid.uuid4(), TODAY)
            b.deactivate(CHECKER, "Duplicate registration")
            await first.partners.save(a)
            await first.commit()
            with pytest.raises(ConcurrencyConflict, match="BP-IN-0001"):
                await second.partners.save(b)
    finally:
        await _forget(container, tenant)


async def _seed(container: Container, tenant: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """Two partners of ``tenant`` with a row in every table; returns their ids."""
    first, second = full_partner(tenant, "BP-IN-0001"), full_partner(tenant, "BP-IN-0002")
    async with container.partners_uow(DataScope(tenant)) as uow:
        for partner in (first, second):
            await uow.partners.add(partner)
            await uow.amendments.add(amendments_of_each_kind(partner)[0])
            await uow.evidence.add(
                VerificationEvidence(
                    uuid.uuid4(),
                    partner.id,
                    VerificationKind.BANK_ACCOUNT,
                    "XXXX7890",
                    VerificationOutcome.VERIFIED,
                    "dev-bank",
                    {},
                    CHECKER,
                    partner.created_at,
                )
            )
            await uow.documents.put(partner.id, partner.documents[0].id, "application/pdf", b"pdf")
            await uow.kyc_reminders.claim(partner.id, TODAY, 30)
        await uow.partners.next_code_sequence("IN")
        await uow.commit()
    return first.id, second.id


async def _owners(container: Container, table: str, **scope: object) -> set[tuple[uuid.UUID, uuid.UUID]]:
    column = "id" if table == "partners" else "partner_id"
    async with scoped_session(container, **scope) as session:  # type: ignore[arg-type]
        rows = await session.execute(text(f"SELECT tenant_id, {column} FROM {SCHEMA}.{table}"))
        return {(row[0], row[1]) for row in rows}


async def test_raw_sql_under_another_tenant_or_partner_sees_only_its_own_rows(container: Container) -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    a1, a2 = await _seed(container, a)
    (b1, _) = await _seed(container, b)
    for table in PARTNER_TABLES:
        assert {t for t, _ in await _owners(container, table, tenant=b)} == {b}, table
        assert await _owners(container, table, tenant=a, partner=a1) == {(a, a1)}, table
        assert {p for _, p in await _owners(container, table, tenant=None, platform=True)} >= {a1, a2, b1}, table
    async with scoped_session(container, b) as session:
        assert (await session.scalars(text("SELECT tenant_id FROM partners.code_sequences"))).all() == [b]
    async with scoped_session(container, a, partner=a1) as session:
        assert (await session.scalars(text("SELECT tenant_id FROM partners.code_sequences"))).all() == []
        other_partner = text("UPDATE partners.partners SET legal_name = 'Mine now' WHERE id = :id RETURNING id")
        assert (await session.execute(other_partner, {"id": a2})).all() == []
        message = await refused(
            session, "UPDATE partners.contacts SET partner_id = :id WHERE partner_id = :own", {"id": a2, "own": a1}
        )
        assert "row-level security" in message
    async with scoped_session(container, b) as session:
        other_tenant = text("UPDATE partners.partners SET legal_name = 'Mine now' WHERE id = :id RETURNING id")
        assert (await session.execute(other_tenant, {"id": a1})).all() == []
        message = await refused(
            session,
            "INSERT INTO partners.code_sequences (tenant_id, country, last_value) VALUES (:t, 'IN', 1)",
            {"t": a},
        )
        assert "row-level security" in message


async def _delete_as_owner(session: AsyncSession) -> None:
    async with session.begin_nested():  # rolled back, and the role with it
        await session.execute(text("SET LOCAL ROLE NONE"))
        await session.execute(text("DELETE FROM partners.verification_evidence"))


async def test_verification_evidence_is_append_only(container: Container) -> None:
    tenant = uuid.uuid4()
    await _seed(container, tenant)
    async with scoped_session(container, tenant) as session:
        for statement in (
            "UPDATE partners.verification_evidence SET outcome = 'mismatch'",
            "DELETE FROM partners.verification_evidence",
        ):
            assert "permission denied" in await refused(session, statement)
        # the table's owner has every grant; the trigger still refuses
        with pytest.raises(DBAPIError, match="append-only"):
            await _delete_as_owner(session)
        assert await session.scalar(text("SELECT current_user")) == "mandi_app"


async def test_every_partner_table_is_under_row_level_security(container: Container) -> None:
    async with container.session_factory() as session:
        secured = set(
            (
                await session.scalars(
                    text(
                        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE n.nspname = 'partners' AND c.relkind = 'r' AND c.relrowsecurity"
                    )
                )
            ).all()
        )
    assert secured == {*PARTNER_TABLES, "code_sequences"}


async def test_a_commit_writes_its_events_to_the_outbox_with_the_envelope(container: Container) -> None:
    tenant = uuid.uuid4()
    partner = draft(tenant, "BP-IN-0001")
    async with container.partners_uow(DataScope(tenant)) as uow:
        await uow.partners.add(partner)
        await uow.commit()
    async with container.session_factory() as session:
        rows = (await session.execute(select(outbox).where(outbox.c.aggregate_id == str(partner.id)))).all()
    assert [(r.wire_name, r.tenant_id, r.status) for r in rows] == [
        ("partners.partner_onboarding_started.v1", str(tenant), "pending")
    ]
    assert rows[0].payload["partner_code"] == "BP-IN-0001"
