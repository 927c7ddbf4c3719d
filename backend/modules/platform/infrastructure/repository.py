"""Configuration values and their audit trail on PostgreSQL (row-level security scopes every query)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm.exc import StaleDataError

from backend.core.context import request_id_var
from backend.core.errors import ConcurrencyConflict
from backend.core.ids import new_uuid
from backend.modules.platform.domain.entry import ConfigChanged, ConfigEntry
from backend.modules.platform.domain.precedence import Setting
from backend.modules.platform.domain.repository import AuditRecord
from backend.modules.platform.domain.scopes import Scope, Target
from backend.modules.platform.infrastructure.tables import ConfigAuditRow, ConfigValueRow, config_revision


def _target(row: ConfigValueRow | ConfigAuditRow) -> Target:
    return Target(Scope(row.scope), row.tenant_id, row.branch_id)


def _equal(column: InstrumentedAttribute[uuid.UUID | None], value: uuid.UUID | None) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _where(target: Target) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return _equal(ConfigValueRow.tenant_id, target.tenant_id), _equal(ConfigValueRow.branch_id, target.branch_id)


def _conflict(entry: ConfigEntry) -> ConcurrencyConflict:
    return ConcurrencyConflict(
        f"{entry.key} at {entry.target.describe()} was changed by someone else; read it again and retry"
    )


class SqlConfigRepository:
    def __init__(self, session: AsyncSession, track: Callable[[ConfigEntry], None]) -> None:
        self._session = session
        self._track = track
        self._rows: dict[tuple[str, Target], ConfigValueRow] = {}

    async def get(self, key: str, target: Target) -> ConfigEntry | None:
        statement = select(ConfigValueRow).where(ConfigValueRow.key == key, *_where(target))
        row = (await self._session.scalars(statement)).one_or_none()
        if row is None:
            return None
        entry = ConfigEntry(
            key=row.key,
            target=target,
            value=row.value,
            version=row.version,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
            persisted_version=row.version,
        )
        self._rows[(key, target)] = row
        self._track(entry)
        return entry

    async def add(self, entry: ConfigEntry) -> None:
        # ON CONFLICT DO NOTHING: a concurrent first set must not abort the transaction
        target = entry.target
        inserted = await self._session.scalar(
            pg_insert(ConfigValueRow)
            .values(
                id=new_uuid(),
                key=entry.key,
                scope=str(target.scope),
                tenant_id=target.tenant_id,
                branch_id=target.branch_id,
                value=entry.value,
                version=entry.version,
                updated_at=entry.updated_at,
                updated_by=entry.updated_by,
            )
            .on_conflict_do_nothing()
            .returning(ConfigValueRow.id)
        )
        if inserted is None:
            raise _conflict(entry)
        entry.persisted_version = entry.version
        self._track(entry)

    async def save(self, entry: ConfigEntry) -> None:
        row = self._rows[(entry.key, entry.target)]
        if row.version != entry.persisted_version:
            raise _conflict(entry)
        row.value, row.version = entry.value, entry.version
        row.updated_at, row.updated_by = entry.updated_at, entry.updated_by
        try:
            await self._session.flush()
        except StaleDataError as error:
            raise _conflict(entry) from error
        entry.persisted_version = entry.version

    async def remove(self, entry: ConfigEntry) -> None:
        row = self._rows.pop((entry.key, entry.target))
        result = await self._session.execute(
            delete(ConfigValueRow)
            .where(ConfigValueRow.id == row.id, ConfigValueRow.version == entry.persisted_version)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise _conflict(entry)
        self._session.expunge(row)

    async def settings(self, key: str | None = None) -> list[Setting]:
        statement = select(ConfigValueRow)
        if key is not None:
            statement = statement.where(ConfigValueRow.key == key)
        rows = (await self._session.scalars(statement)).all()
        return [Setting(row.key, _target(row), row.value, row.version) for row in rows]

    async def revision(self) -> int:
        return int(await self._session.scalar(select(config_revision.c.revision)) or 0)

    async def next_revision(self) -> int:
        # the row lock queues concurrent writers, so revisions become visible in commit order
        statement = (
            update(config_revision)
            .values(revision=config_revision.c.revision + 1, changed_at=func.now())
            .returning(config_revision.c.revision)
        )
        return int((await self._session.execute(statement)).scalar_one())


class SqlConfigAuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, change: ConfigChanged) -> None:
        target = change.target
        self._session.add(
            ConfigAuditRow(
                occurred_at=change.occurred_at,
                key=change.key,
                scope=str(target.scope),
                tenant_id=target.tenant_id,
                branch_id=target.branch_id,
                old_value=change.old_value,
                old_version=change.old_version,
                new_value=change.new_value,
                new_version=change.new_version,
                actor=change.actor,
                revision=change.revision,
                request_id=request_id_var.get(),
            )
        )
        await self._session.flush()

    async def history(self, key: str, limit: int) -> list[AuditRecord]:
        statement = (
            select(ConfigAuditRow).where(ConfigAuditRow.key == key).order_by(ConfigAuditRow.seq.desc()).limit(limit)
        )
        rows = (await self._session.scalars(statement)).all()
        return [
            AuditRecord(
                occurred_at=row.occurred_at,
                key=row.key,
                target=_target(row),
                old_value=row.old_value,
                old_version=row.old_version,
                new_value=row.new_value,
                new_version=row.new_version,
                actor=row.actor,
                revision=row.revision,
            )
            for row in rows
        ]
