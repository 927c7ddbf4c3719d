"""One contract, two implementations: the finance repository tests run on the in-memory fake and on
PostgreSQL alike."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.core.principal import DataScope
from backend.modules.finance.application.ports import FinanceUnitOfWork
from backend.modules.finance.domain.enums import PaymentMethod
from backend.modules.finance.domain.receivable import NewPayment, Receivable
from backend.modules.finance.infrastructure.tables import outbox
from tests.fakes.finance import FakeFinance

NOW = datetime.now(UTC)


@dataclass
class Storage:
    """Units of work of one storage, and what their commits published for a tenant (wire name, trade)."""

    new_uow: Callable[[DataScope], FinanceUnitOfWork]
    published: Callable[[uuid.UUID], Awaitable[list[tuple[str, str]]]]
    sql: bool

    def uow(self, tenant_id: uuid.UUID | None, partner_id: uuid.UUID | None = None) -> FinanceUnitOfWork:
        return self.new_uow(DataScope(tenant_id, partner_id, platform=tenant_id is None))

    async def add(self, receivable: Receivable) -> None:
        async with self.uow(receivable.tenant_id) as uow:
            await uow.receivables.add(receivable)
            await uow.commit()


def receivable(tenant: uuid.UUID, invoice: str = "105000.00", **overrides: object) -> Receivable:
    fields: dict[str, object] = {
        "trade_id": uuid.uuid4(),
        "tenant_id": tenant,
        "trade_number": f"TR-2026-{uuid.uuid4().int % 10**6:06d}",
        "payer_partner_id": uuid.uuid4(),
        "seller_partner_id": uuid.uuid4(),
        "branch_id": None,
        "currency": "INR",
        "invoice_amount": Decimal(invoice),
        "now": NOW,
    }
    return Receivable.open(**{**fields, **overrides})  # type: ignore[arg-type]


def payment(amount: str, reference: str | None = None) -> NewPayment:
    reference = reference or f"UTR{uuid.uuid4().hex[:16].upper()}"
    return NewPayment(uuid.uuid4(), Decimal(amount), "INR", NOW.date(), PaymentMethod.CHEQUE, reference, uuid.uuid4())


def _in_memory() -> Storage:
    fake = FakeFinance()

    async def published(tenant: uuid.UUID) -> list[tuple[str, str]]:
        return [(e.wire_name, e.aggregate_id) for e in fake.published if getattr(e, "tenant_id", None) == tenant]

    return Storage(fake.uow, published, sql=False)


def sql_storage(container: Container) -> Storage:
    async def published(tenant: uuid.UUID) -> list[tuple[str, str]]:
        async with container.session_factory() as session:
            rows = await session.execute(
                select(outbox.c.wire_name, outbox.c.aggregate_id)
                .where(outbox.c.tenant_id == str(tenant))
                .order_by(outbox.c.seq)
            )
            return [(row.wire_name, row.aggregate_id) for row in rows]

    return Storage(container.finance_uow, published, sql=True)


@pytest.fixture(params=["in-memory", "postgresql"])
def storage(request: pytest.FixtureRequest) -> Storage:
    if request.param == "in-memory":
        return _in_memory()
    return sql_storage(request.getfixturevalue("container"))


@pytest.fixture
def tenant() -> uuid.UUID:
    return uuid.uuid4()
