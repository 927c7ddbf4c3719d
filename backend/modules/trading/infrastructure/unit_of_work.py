"""The trading context's unit of work on PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.principal import DataScope
from backend.core.uow import SqlAlchemyUnitOfWork
from backend.modules.trading.application.integration_events import to_integration_event
from backend.modules.trading.infrastructure.contract_repository import SqlContractRepository
from backend.modules.trading.infrastructure.deal_repositories import (
    SqlDealMatchRepository,
    SqlNegotiationRepository,
    SqlTradeRepository,
)
from backend.modules.trading.infrastructure.repositories import SqlAvailabilityRepository, SqlRequirementRepository
from backend.modules.trading.infrastructure.tables import inbox, outbox


class SqlTradingUnitOfWork(SqlAlchemyUnitOfWork):
    availabilities: SqlAvailabilityRepository
    requirements: SqlRequirementRepository
    matches: SqlDealMatchRepository
    negotiations: SqlNegotiationRepository
    trades: SqlTradeRepository
    contracts: SqlContractRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], scope: DataScope) -> None:
        super().__init__(session_factory, scope, outbox=outbox, inbox=inbox, to_integration_event=to_integration_event)

    def _start(self, session: AsyncSession) -> None:
        self.availabilities = SqlAvailabilityRepository(session, self.track, self.scope)
        self.requirements = SqlRequirementRepository(session, self.track, self.scope)
        self.matches = SqlDealMatchRepository(session, self.track, self.scope)
        self.negotiations = SqlNegotiationRepository(session, self.track, self.scope)
        self.trades = SqlTradeRepository(session, self.track, self.scope)
        self.contracts = SqlContractRepository(session, self.track, self.scope)

    async def hold_partner_commodity(self, partner_id: uuid.UUID, commodity_id: uuid.UUID) -> None:
        key = f"trading:postings:{partner_id}:{commodity_id}"
        await self.session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
