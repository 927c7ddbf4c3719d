"""Clean-up after tests that commit for real (``committed_container``): races and lock checks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete

from backend.app.bootstrap import OUTBOXES, Container
from backend.modules.trading.infrastructure import amendment_tables as amendments
from backend.modules.trading.infrastructure import contract_tables as contracts
from backend.modules.trading.infrastructure import deal_tables as deals
from backend.modules.trading.infrastructure import tables as trading
from tests.conftest import platform_session

POSTINGS = (trading.matches, trading.requirements, trading.availabilities)
DEALS = (deals.trade_status_history, deals.trades, deals.trade_sequences, deals.negotiations, *POSTINGS)
CONTRACTS = (
    contracts.contract_signatures,
    contracts.contracts,
    amendments.trade_amendments,
    amendments.trade_terms_versions,
    *DEALS,
)


async def forget_tenant(container: Container, tenant_id: uuid.UUID | None, tables: Iterable[Any]) -> None:
    """Delete the tenant's outbox rows and its rows of ``tables`` (children first)."""
    async with platform_session(container) as session:
        for outbox in OUTBOXES:
            await session.execute(delete(outbox).where(outbox.c.tenant_id == str(tenant_id)))
        for table in tables:
            await session.execute(delete(table).where(table.c.tenant_id == tenant_id))
