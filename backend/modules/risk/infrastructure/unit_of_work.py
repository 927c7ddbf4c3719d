"""The risk context's unit of work on PostgreSQL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.principal import DataScope
from backend.core.uow import SqlAlchemyUnitOfWork
from backend.modules.risk.application.integration_events import to_integration_event
from backend.modules.risk.infrastructure.credit_limits import SqlCreditLimitRepository
from backend.modules.risk.infrastructure.exposures import SqlExposureRepository
from backend.modules.risk.infrastructure.positions import SqlPositionRepository
from backend.modules.risk.infrastructure.reservations import SqlCreditReservationRepository
from backend.modules.risk.infrastructure.tables import inbox, outbox
from backend.modules.risk.infrastructure.trade_records import SqlTradeRecordRepository


class SqlRiskUnitOfWork(SqlAlchemyUnitOfWork):
    credit_limits: SqlCreditLimitRepository
    exposures: SqlExposureRepository
    positions: SqlPositionRepository
    trades: SqlTradeRecordRepository
    reservations: SqlCreditReservationRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], scope: DataScope) -> None:
        super().__init__(session_factory, scope, outbox=outbox, inbox=inbox, to_integration_event=to_integration_event)

    def _start(self, session: AsyncSession) -> None:
        self.credit_limits = SqlCreditLimitRepository(session, self.track, self.scope)
        self.exposures = SqlExposureRepository(session, self.track, self.scope)
        self.positions = SqlPositionRepository(session, self.track, self.scope)
        self.trades = SqlTradeRecordRepository(session, self.scope)
        self.reservations = SqlCreditReservationRepository(session, self.scope)
