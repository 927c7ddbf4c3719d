"""Row-level security on the finance schema: raw SQL without any tenant filter sees, changes and
creates none of another tenant's rows; a partner's scope sees nothing; the CHECK constraints and the
unique reference hold whoever writes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app.bootstrap import Container
from tests.integration.finance.conftest import NOW, Storage, payment, receivable, sql_storage
from tests.integration.row_security import refused, scoped, secured_tables

TABLES = ("receivables", "payments")


@dataclass(frozen=True)
class Books:
    a: uuid.UUID
    b: uuid.UUID
    payer: uuid.UUID  # tenant A's


@pytest.fixture
async def books(container: Container) -> Books:
    a, b = uuid.uuid4(), uuid.uuid4()
    storage: Storage = sql_storage(container)
    mine = receivable(a)
    for opened in (mine, receivable(b)):
        opened.receive(payment("100.00"), NOW)
        await storage.add(opened)
    return Books(a, b, mine.payer_partner_id)


async def _tenants(session: AsyncSession, table: str) -> set[uuid.UUID]:
    return set((await session.scalars(text(f"SELECT tenant_id FROM finance.{table}"))).all())


async def test_every_table_is_secured(container: Container) -> None:
    # the outbox and inbox are read across tenants by the relay
    assert await secured_tables(container, "finance") == set(TABLES)


async def test_tenant_b_sees_changes_and_creates_none_of_as_rows(container: Container, books: Books) -> None:
    async with scoped(container, books.b) as session:
        for table in TABLES:
            assert await _tenants(session, table) == {books.b}, table
            result = await session.execute(
                text(f"UPDATE finance.{table} SET tenant_id = tenant_id WHERE tenant_id = :a"), {"a": books.a}
            )
            assert result.rowcount == 0, table  # type: ignore[attr-defined]
        message = await refused(
            session,
            "INSERT INTO finance.receivables (trade_id, tenant_id, trade_number, payer_partner_id,"
            " seller_partner_id, currency, invoice_amount, terms_version, status, opened_at, updated_at, version)"
            " VALUES (:id, :a, 'TR-X', :p, :p, 'INR', 1, 1, 'open', now(), now(), 1)",
            {"id": uuid.uuid4(), "a": books.a, "p": uuid.uuid4()},
        )
    assert "row-level security" in message
    async with scoped(container, books.a) as session:
        for table in TABLES:
            assert await _tenants(session, table) == {books.a}, table


async def test_a_partners_scope_sees_no_receivable_not_even_its_own(container: Container, books: Books) -> None:
    async with scoped(container, books.a, books.payer) as session:
        for table in TABLES:
            assert await _tenants(session, table) == set(), table


async def test_amounts_statuses_and_references_are_checked_by_the_database(container: Container, books: Books) -> None:
    async with scoped(container, books.a) as session:
        trade_id = await session.scalar(text("SELECT trade_id FROM finance.receivables"))
        for statement in (
            "UPDATE finance.payments SET amount = 0",
            "UPDATE finance.payments SET method = 'barter'",
            "UPDATE finance.payments SET reversed_at = now()",  # a reversal needs who and why
            "UPDATE finance.receivables SET invoice_amount = -1",
            "UPDATE finance.receivables SET status = 'paid'",
            "UPDATE finance.receivables SET status = 'cancelled'",  # without cancelled_at
        ):
            assert "violates check constraint" in await refused(session, statement, {}), statement
        reference = await session.scalar(text("SELECT reference FROM finance.payments"))
        message = await refused(
            session,
            "INSERT INTO finance.payments (id, trade_id, tenant_id, position, amount, received_on, method,"
            " reference, recorded_by, recorded_at) VALUES (:id, :t, :a, 9, 1, current_date, 'upi', :r, :u, now())",
            {"id": uuid.uuid4(), "t": trade_id, "a": books.a, "r": reference, "u": uuid.uuid4()},
        )
    assert "uq_payments_tenant_id" in message
