"""The partners context's unit of work on PostgreSQL."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.principal import DataScope
from backend.core.uow import SqlAlchemyUnitOfWork
from backend.modules.partners.application.integration_events import to_integration_event
from backend.modules.partners.infrastructure.records import (
    SqlAmendmentRepository,
    SqlDocumentContents,
    SqlEvidenceRepository,
    SqlKycReminderLog,
)
from backend.modules.partners.infrastructure.repository import SqlPartnerRepository
from backend.modules.partners.infrastructure.tables import inbox, outbox


class SqlPartnersUnitOfWork(SqlAlchemyUnitOfWork):
    partners: SqlPartnerRepository
    amendments: SqlAmendmentRepository
    evidence: SqlEvidenceRepository
    documents: SqlDocumentContents
    kyc_reminders: SqlKycReminderLog

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], scope: DataScope) -> None:
        super().__init__(session_factory, scope, outbox=outbox, inbox=inbox, to_integration_event=to_integration_event)

    def _start(self, session: AsyncSession) -> None:
        self.partners = SqlPartnerRepository(session, self.track, self.scope)
        self.amendments = SqlAmendmentRepository(session, self.track, self.scope)
        self.evidence = SqlEvidenceRepository(session, self.scope)
        self.documents = SqlDocumentContents(session, self.scope)
        self.kyc_reminders = SqlKycReminderLog(session, self.scope)
