"""The identity context's unit of work on PostgreSQL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.principal import DataScope
from backend.core.uow import SqlAlchemyUnitOfWork
from backend.modules.identity.application.integration_events import to_integration_event
from backend.modules.identity.infrastructure.audit import SqlAuditTrail
from backend.modules.identity.infrastructure.auth_store import SqlAuthStore
from backend.modules.identity.infrastructure.repositories import (
    SodRepository,
    SqlAssignmentRepository,
    SqlBranchRepository,
    SqlRoleRepository,
    SqlTenantRepository,
    SqlUserRepository,
)
from backend.modules.identity.infrastructure.tables import inbox, outbox


class SqlIdentityUnitOfWork(SqlAlchemyUnitOfWork):
    tenants: SqlTenantRepository
    branches: SqlBranchRepository
    users: SqlUserRepository
    roles: SqlRoleRepository
    assignments: SqlAssignmentRepository
    sod: SodRepository
    auth: SqlAuthStore
    audit: SqlAuditTrail

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        scope: DataScope,
        queued_channels: frozenset[str] = frozenset(),
    ) -> None:
        """``queued_channels``: message channels with a transport; their messages go to the outgoing queue."""
        super().__init__(session_factory, scope, outbox=outbox, inbox=inbox, to_integration_event=to_integration_event)
        self._queued_channels = queued_channels

    def _start(self, session: AsyncSession) -> None:
        self.tenants = SqlTenantRepository(session, self.track)
        self.branches = SqlBranchRepository(session, self.track)
        self.users = SqlUserRepository(session, self.track, self.scope)
        self.roles = SqlRoleRepository(session, self.track)
        self.assignments = SqlAssignmentRepository(session, self.track)
        self.sod = SodRepository(session)
        self.auth = SqlAuthStore(session, self._queued_channels)
        self.audit = SqlAuditTrail(session)
