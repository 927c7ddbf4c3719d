"""One clean Alembic history: every branch upgrades, matches the models, and round-trips."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from backend.db import migrate
from tests.conftest import create_database, drop_database


@pytest.fixture
async def empty_database(server_url: str) -> AsyncIterator[str]:
    url = await create_database(server_url, prefix="mandi_migrations")
    yield url
    await drop_database(url)


async def _tables(url: str) -> set[str]:
    connection = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        rows = await connection.fetch(
            "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables"
            " WHERE table_schema = ANY($1::text[])",
            list(migrate.SCHEMAS),
        )
    finally:
        await connection.close()
    return {row["name"] for row in rows}


IDENTITY = (
    "tenants branches users roles role_assignments sod_constraints sessions refresh_tokens signing_keys"
    " otp_challenges action_tokens dev_messages outgoing_messages login_throttle audit_log outbox inbox"
)
PARTNERS = (
    "partners tax_registrations locations bank_accounts documents document_contents contacts amendments"
    " verification_evidence kyc_reminders code_sequences outbox inbox"
)
TRADING = (
    "availabilities requirements matches negotiations offers trades trade_sequences trade_status_history outbox inbox"
    " trade_terms_versions trade_amendments contracts contract_signatures"
)
RISK = (
    "credit_limits credit_limit_changes exposures exposure_trades positions trade_records credit_reservations"
    " outbox inbox"
)
FINANCE = "receivables payments outbox inbox"
EXPECTED = (
    {f"identity.{name}" for name in IDENTITY.split()}
    | {
        "platform.idempotency_keys",
        "platform.job_runs",
        "platform.config_values",
        "platform.config_audit",
        "platform.config_revision",
        "platform.outbox",
        "platform.inbox",
        "commodities.commodities",
        "commodities.commodity_units",
        "commodities.quality_parameters",
        "commodities.varieties",
        "commodities.outbox",
        "commodities.inbox",
    }
    | {f"partners.{name}" for name in PARTNERS.split()}
    | {f"risk.{name}" for name in RISK.split()}
    | {f"trading.{name}" for name in TRADING.split()}
    | {f"finance.{name}" for name in FINANCE.split()}
)


async def test_upgrade_creates_every_table_and_autogenerate_finds_no_drift(empty_database: str) -> None:
    await migrate.upgrade(empty_database)
    assert await _tables(empty_database) == EXPECTED
    await migrate.check(empty_database)


async def test_downgrade_to_base_and_upgrade_again(empty_database: str) -> None:
    await migrate.upgrade(empty_database)
    await migrate.downgrade(empty_database, "base")
    assert await _tables(empty_database) == set()
    await migrate.upgrade(empty_database)
    assert await _tables(empty_database) == EXPECTED
    await migrate.check(empty_database)


async def test_one_context_migrates_on_its_own(empty_database: str) -> None:
    await migrate.upgrade(empty_database, "commodities")
    # commodities depends on the platform revision that adds the row-level security functions
    commodities = {t for t in EXPECTED if t.startswith("commodities.")}
    assert await _tables(empty_database) == commodities | {"platform.idempotency_keys"}
    await migrate.upgrade(empty_database, "identity")
    identity = {t for t in EXPECTED if t.startswith("identity.")}
    assert await _tables(empty_database) == commodities | identity | {"platform.idempotency_keys"}
    await migrate.upgrade(empty_database, "platform")
    partners = {t for t in EXPECTED if t.startswith("partners.")}
    risk = {t for t in EXPECTED if t.startswith("risk.")}
    trading = {t for t in EXPECTED if t.startswith("trading.")}
    finance = {t for t in EXPECTED if t.startswith("finance.")}
    assert await _tables(empty_database) == EXPECTED - partners - risk - trading - finance
    await migrate.upgrade(empty_database, "finance")  # needs the platform's row-level security functions only
    assert await _tables(empty_database) == EXPECTED - partners - risk - trading
    await migrate.upgrade(empty_database, "partners")
    assert await _tables(empty_database) == EXPECTED - risk - trading
    await migrate.upgrade(empty_database, "risk")
    assert await _tables(empty_database) == EXPECTED - trading
    await migrate.upgrade(empty_database, "trading")
    assert await _tables(empty_database) == EXPECTED


async def test_unknown_context_is_refused(empty_database: str) -> None:
    with pytest.raises(ValueError, match="unknown context 'logistics'"):
        await migrate.upgrade(empty_database, "logistics")


def test_every_context_has_exactly_one_head() -> None:
    assert len(migrate.expected_heads()) == len(migrate.CONTEXT_TABLES)
