"""The finance context's unit of work on PostgreSQL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.principal import DataScope
from backend.core.uow import SqlAlchemyUnitOfWork
from backend.modules.finance.application.integration_events import to_integration_event
from backend.modules.finance.infrastructure.receivables import SqlReceivableRepository
from backend.modules.finance.infrastructure.tables import inbox, outbox


class SqlFinanceUnitOfWork(SqlAlchemyUnitOfWork):
    receivables: SqlReceivableRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], scope: DataScope) -> None:
        super().__init__(session_factory, scope, outbox=outbox, inbox=inbox, to_integration_event=to_integration_event)

    def _start(self, session: AsyncSession) -> None:
        self.receivables = SqlReceivableRepository(session, self.track, self.scope)
