"""Row-level security on the risk schema: raw SQL without any tenant filter sees, changes and creates
none of another tenant's rows; a partner's scope sees its own partner only and no positions; the
CHECK constraints refuse negative amounts whoever writes."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app.bootstrap import Container
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.principal import DataScope
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.facade import RiskFacadeService
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from tests.fakes.risk_events import partner_approved, trade_confirmed

TABLES = (
    "credit_limits",
    "credit_limit_changes",
    "exposures",
    "exposure_trades",
    "positions",
    "trade_records",
    "credit_reservations",
)


@dataclass(frozen=True)
class Booked:
    a: uuid.UUID
    b: uuid.UUID
    buyer: uuid.UUID  # tenant A's
    seller: uuid.UUID  # tenant A's


@pytest.fixture
async def booked(container: Container) -> Booked:
    a, b, buyer, seller = (uuid.uuid4() for _ in range(4))
    bus = InProcessBus()
    register_risk_subscribers(bus, container.risk_uow, FixedBands())
    for tenant, partner in ((a, buyer), (a, seller), (b, uuid.uuid4())):
        await bus.publish(Envelope.wrap(partner_approved(tenant, partner, "100000")))
        facade = RiskFacadeService(RiskContext(container.risk_uow, FixedBands()), DataScope(tenant))
        await facade.reserve_credit(partner, Decimal("1000"), "INR", "a booking", timedelta(hours=1))
        await bus.publish(Envelope.wrap(trade_confirmed(tenant, partner, uuid.uuid4(), uuid.uuid4())))
    await bus.publish(Envelope.wrap(trade_confirmed(a, buyer, seller, uuid.uuid4())))
    return Booked(a, b, buyer, seller)


@contextlib.asynccontextmanager
async def scoped(
    container: Container, tenant: uuid.UUID, partner: uuid.UUID | None = None
) -> AsyncIterator[AsyncSession]:
    async with container.session_factory() as session, session.begin():
        await session.execute(
            text(
                "SELECT set_config('mandi.tenant_id', :t, true), set_config('mandi.partner_id', :p, true),"
                " set_config('mandi.platform', 'off', true)"
            ),
            {"t": str(tenant), "p": str(partner or "")},
        )
        yield session


async def _tenants(session: AsyncSession, table: str) -> set[uuid.UUID]:
    return set((await session.scalars(text(f"SELECT tenant_id FROM risk.{table}"))).all())


async def _refused(session: AsyncSession, statement: str, params: dict[str, object]) -> str:
    with pytest.raises(DBAPIError) as caught:
        async with session.begin_nested():
            await session.execute(text(statement), params)
    return str(caught.value.orig)


async def test_every_table_is_secured(container: Container) -> None:
    async with container.session_factory() as session:
        secured = set(
            (
                await session.scalars(
                    text(
                        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE n.nspname = 'risk' AND c.relkind = 'r' AND c.relrowsecurity"
                    )
                )
            ).all()
        )
    assert secured == set(TABLES)  # the outbox and inbox are read across tenants by the relay


async def test_tenant_b_sees_changes_and_creates_none_of_as_rows(container: Container, booked: Booked) -> None:
    async with scoped(container, booked.b) as session:
        for table in TABLES:
            assert await _tenants(session, table) == {booked.b}, table
        for table in TABLES:
            result = await session.execute(
                text(f"UPDATE risk.{table} SET tenant_id = tenant_id WHERE tenant_id = :a"), {"a": booked.a}
            )
            assert result.rowcount == 0, table  # type: ignore[attr-defined]
        message = await _refused(
            session,
            "INSERT INTO risk.exposures (id, tenant_id, partner_id, currency, band, version, updated_at)"
            " VALUES (:id, :a, :p, 'INR', 'green', 1, now())",
            {"id": uuid.uuid4(), "a": booked.a, "p": uuid.uuid4()},
        )
    assert "row-level security" in message
    async with scoped(container, booked.a) as session:
        for table in TABLES:
            assert await _tenants(session, table) == {booked.a}, table


async def test_a_partner_sees_its_own_credit_and_trades_and_no_positions(container: Container, booked: Booked) -> None:
    async with scoped(container, booked.a, booked.buyer) as session:
        for table in ("credit_limits", "credit_limit_changes", "exposures", "exposure_trades", "credit_reservations"):
            partners = set((await session.scalars(text(f"SELECT partner_id FROM risk.{table}"))).all())
            assert partners == {booked.buyer}, table
        assert await _tenants(session, "positions") == set()
        trades = (
            await session.execute(text("SELECT buyer_partner_id, seller_partner_id FROM risk.trade_records"))
        ).all()
        assert len(trades) == 2
        assert all(booked.buyer in row for row in trades)
    async with scoped(container, booked.a, booked.seller) as session:
        trades = (await session.execute(text("SELECT buyer_partner_id FROM risk.trade_records"))).all()
        assert {row.buyer_partner_id for row in trades} == {booked.seller, booked.buyer}


async def test_amounts_and_quantities_never_go_negative(container: Container, booked: Booked) -> None:
    async with scoped(container, booked.a) as session:
        for statement in (
            "UPDATE risk.positions SET long_quantity = -1",
            "UPDATE risk.positions SET short_value = -0.01",
            "UPDATE risk.exposure_trades SET paid = -1",
            "UPDATE risk.credit_limits SET amount = -1",
            "UPDATE risk.trade_records SET tax = -1",
        ):
            assert "check constraint" in await _refused(session, statement, {}), statement
        # one change at a time waits for a checker
        await session.execute(
            text("UPDATE risk.credit_limit_changes SET status = 'pending', decided_at = NULL WHERE partner_id = :p"),
            {"p": booked.buyer},
        )
        message = await _refused(
            session,
            "INSERT INTO risk.credit_limit_changes (id, credit_limit_id, tenant_id, partner_id, position, source,"
            " status, new_amount, reason, requested_at) SELECT gen_random_uuid(), credit_limit_id, tenant_id,"
            " partner_id, 1, 'manual', 'pending', 5, 'again', now() FROM risk.credit_limit_changes"
            " WHERE partner_id = :p",
            {"p": booked.buyer},
        )
    assert "uq_credit_limit_changes_one_pending" in message
