"""The platform context's unit of work on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.principal import DataScope
from backend.core.uow import SqlAlchemyUnitOfWork
from backend.modules.platform.application.integration_events import to_integration_event
from backend.modules.platform.infrastructure.repository import SqlConfigAuditLog, SqlConfigRepository
from backend.modules.platform.infrastructure.tables import inbox, outbox


class SqlPlatformUnitOfWork(SqlAlchemyUnitOfWork):
    config: SqlConfigRepository
    config_audit: SqlConfigAuditLog

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        scope: DataScope,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(session_factory, scope, outbox=outbox, inbox=inbox, to_integration_event=to_integration_event)
        self._on_commit = on_commit

    def _start(self, session: AsyncSession) -> None:
        self.config = SqlConfigRepository(session, self.track)
        self.config_audit = SqlConfigAuditLog(session)

    async def commit(self) -> None:
        await super().commit()
        # this process's configuration snapshot reads its own writes at once
        if self._on_commit is not None:
            self._on_commit()
