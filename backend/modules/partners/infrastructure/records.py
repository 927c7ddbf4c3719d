"""Amendments, verification evidence, document contents and KYC reminders on PostgreSQL.

Each row takes its tenant from its partner's row, read within the unit of work's scope, so a row
can only hang off a partner the scope may see.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.core.errors import ConcurrencyConflict, Conflict, NotFound
from backend.core.principal import DataScope
from backend.modules.partners.application.ports import VerificationEvidence, VerificationKind, VerificationOutcome
from backend.modules.partners.domain.amendments import Amendment
from backend.modules.partners.infrastructure.amendment_mapping import amendment_from, copy_amendment_to_row
from backend.modules.partners.infrastructure.record_tables import (
    AmendmentRow,
    document_contents,
    kyc_reminders,
    verification_evidence,
)
from backend.modules.partners.infrastructure.repository import Track, in_scope
from backend.modules.partners.infrastructure.tables import PartnerRow


class _PartnerOwned:
    def __init__(self, session: AsyncSession, scope: DataScope) -> None:
        self._session = session
        self._scope = scope

    def _owner(self, partner_id: uuid.UUID) -> Select[uuid.UUID]:
        """The tenant of ``partner_id`` when the scope sees that partner (no row otherwise)."""
        return select(PartnerRow.tenant_id).where(
            PartnerRow.id == partner_id, *in_scope(self._scope, PartnerRow.tenant_id, PartnerRow.id)
        )

    async def _tenant_of(self, partner_id: uuid.UUID) -> uuid.UUID:
        tenant_id = await self._session.scalar(self._owner(partner_id))
        if tenant_id is None:
            raise NotFound(f"no partner {partner_id}")
        return tenant_id


class SqlAmendmentRepository(_PartnerOwned):
    def __init__(self, session: AsyncSession, track: Track, scope: DataScope) -> None:
        super().__init__(session, scope)
        self._track = track
        self._rows: dict[uuid.UUID, AmendmentRow] = {}

    def _visible(self) -> Select[AmendmentRow]:
        return select(AmendmentRow).where(*in_scope(self._scope, AmendmentRow.tenant_id, AmendmentRow.partner_id))

    def _hand_out(self, row: AmendmentRow) -> Amendment:
        amendment = amendment_from(row)
        self._rows[amendment.id] = row
        self._track(amendment)
        return amendment

    async def add(self, amendment: Amendment) -> None:
        if await self._tenant_of(amendment.partner_id) != amendment.tenant_id:
            raise NotFound(f"no partner {amendment.partner_id} in tenant {amendment.tenant_id}")
        row = AmendmentRow(id=amendment.id)
        copy_amendment_to_row(amendment, row)
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError as error:
            if "pk_amendments" in str(error.orig):
                raise Conflict(f"amendment {amendment.id} already exists") from error
            raise
        amendment.persisted_version = amendment.version
        self._rows[amendment.id] = row
        self._track(amendment)

    async def get(self, amendment_id: uuid.UUID, *, for_update: bool = False) -> Amendment | None:
        statement = self._visible().where(AmendmentRow.id == amendment_id)
        if for_update:
            statement = statement.with_for_update().execution_options(populate_existing=True)
        row = (await self._session.scalars(statement)).one_or_none()
        return None if row is None else self._hand_out(row)

    async def save(self, amendment: Amendment) -> None:
        conflict = ConcurrencyConflict(
            f"amendment {amendment.id} of partner {amendment.partner_code} was changed by someone else;"
            " read it again and retry"
        )
        row = self._rows.get(amendment.id)
        if row is None:
            row = (await self._session.scalars(self._visible().where(AmendmentRow.id == amendment.id))).one_or_none()
            if row is None:
                raise conflict
            self._rows[amendment.id] = row
        if row.version != amendment.persisted_version:
            raise conflict
        copy_amendment_to_row(amendment, row)
        try:
            await self._session.flush()
        except StaleDataError as error:
            raise conflict from error
        amendment.persisted_version = amendment.version

    async def for_partner(self, partner_id: uuid.UUID) -> list[Amendment]:
        statement = (
            self._visible()
            .where(AmendmentRow.partner_id == partner_id)
            .order_by(AmendmentRow.requested_at.desc(), AmendmentRow.id.desc())
        )
        return [self._hand_out(row) for row in (await self._session.scalars(statement)).all()]


class SqlEvidenceRepository(_PartnerOwned):
    """Append-only: the application role may insert and read evidence, never change it."""

    async def add(self, evidence: VerificationEvidence) -> None:
        await self._session.execute(
            verification_evidence.insert().values(
                id=evidence.id,
                tenant_id=await self._tenant_of(evidence.partner_id),
                partner_id=evidence.partner_id,
                kind=evidence.kind.value,
                subject=evidence.subject,
                outcome=evidence.outcome.value,
                provider=evidence.provider,
                details=evidence.details,
                checked_by=evidence.checked_by,
                checked_at=evidence.checked_at,
            )
        )

    async def for_partner(self, partner_id: uuid.UUID) -> list[VerificationEvidence]:
        table = verification_evidence
        statement = (
            select(table)
            .where(table.c.partner_id == partner_id, *in_scope(self._scope, table.c.tenant_id, table.c.partner_id))
            .order_by(table.c.checked_at, table.c.seq)
        )
        return [
            VerificationEvidence(
                id=row.id,
                partner_id=row.partner_id,
                kind=VerificationKind(row.kind),
                subject=row.subject,
                outcome=VerificationOutcome(row.outcome),
                provider=row.provider,
                details=row.details,
                checked_by=row.checked_by,
                checked_at=row.checked_at,
            )
            for row in await self._session.execute(statement)
        ]


class SqlDocumentContents(_PartnerOwned):
    async def put(self, partner_id: uuid.UUID, document_id: uuid.UUID, media_type: str, content: bytes) -> None:
        values = {
            "document_id": document_id,
            "tenant_id": await self._tenant_of(partner_id),
            "partner_id": partner_id,
            "media_type": media_type,
            "content": content,
        }
        try:
            async with self._session.begin_nested():
                await self._session.execute(document_contents.insert().values(**values))
        except IntegrityError as error:
            if "pk_document_contents" in str(error.orig):
                raise Conflict(f"document {document_id} already has its content") from error
            raise

    async def get(self, document_id: uuid.UUID) -> tuple[str, bytes] | None:
        table = document_contents
        statement = select(table.c.media_type, table.c.content).where(
            table.c.document_id == document_id, *in_scope(self._scope, table.c.tenant_id, table.c.partner_id)
        )
        row = (await self._session.execute(statement)).first()
        return None if row is None else (row.media_type, bytes(row.content))


class SqlKycReminderLog(_PartnerOwned):
    async def claim(self, partner_id: uuid.UUID, expires_on: date, days_before: int) -> bool:
        owner = self._owner(partner_id).add_columns(literal(partner_id), literal(expires_on), literal(days_before))
        statement = (
            pg_insert(kyc_reminders)
            .from_select(["tenant_id", "partner_id", "expires_on", "days_before"], owner)
            .on_conflict_do_nothing()
            .returning(kyc_reminders.c.partner_id)
        )
        if (await self._session.execute(statement)).first() is not None:
            return True
        await self._tenant_of(partner_id)  # NotFound when the partner is not there to remind
        return False
