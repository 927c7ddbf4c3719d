"""Runtime configuration in the ``platform`` schema: values, their audit trail, the change
counter, and the platform context's outbox and inbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.messaging.tables import inbox_table, outbox_table
from backend.db.metadata import Base, metadata

SCHEMA = "platform"

SCOPE_SHAPE = (
    "(scope = 'platform' AND tenant_id IS NULL AND branch_id IS NULL)"
    " OR (scope = 'tenant' AND tenant_id IS NOT NULL AND branch_id IS NULL)"
    " OR (scope = 'branch' AND tenant_id IS NOT NULL AND branch_id IS NOT NULL)"
)


class ConfigValueRow(Base):
    __tablename__ = "config_values"
    __table_args__ = (
        CheckConstraint(SCOPE_SHAPE, name="scope_shape"),
        CheckConstraint("version >= 1", name="version_positive"),
        # one value per key and target; NULL tenant (platform) and NULL branch count as one target
        UniqueConstraint("key", "tenant_id", "branch_id", postgresql_nulls_not_distinct=True),
        {"schema": SCHEMA},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(16))
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    branch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # none_as_null=False: a JSON null is a value, stored as 'null'
    value: Mapped[Any] = mapped_column(JSONB(none_as_null=False))
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class ConfigAuditRow(Base):
    """Append-only: the application may insert and read, never change or delete."""

    __tablename__ = "config_audit"
    __table_args__ = (
        CheckConstraint(SCOPE_SHAPE, name="scope_shape"),
        Index("ix_config_audit_key_seq", "key", "seq"),
        {"schema": SCHEMA},
    )

    seq: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    key: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(16))
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    branch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # a version of 0 means "no value": the old value of a first set, the new one of a clear
    old_value: Mapped[Any] = mapped_column(JSONB(none_as_null=True), nullable=True)
    old_version: Mapped[int] = mapped_column(Integer)
    new_value: Mapped[Any] = mapped_column(JSONB(none_as_null=True), nullable=True)
    new_version: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(100))
    revision: Mapped[int] = mapped_column(BigInteger)
    request_id: Mapped[str | None] = mapped_column(String(128))


# one row: the counter every committed change moves on, which readers poll
config_revision = Table(
    "config_revision",
    metadata,
    Column("id", SmallInteger, primary_key=True, server_default=text("1")),
    Column("revision", BigInteger, nullable=False, server_default=text("0")),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("id = 1", name="single_row"),
    schema=SCHEMA,
)

outbox = outbox_table(metadata, SCHEMA)
inbox = inbox_table(metadata, SCHEMA)
