"""The rest of the ``partners`` schema: amendments, verification evidence (append-only), document
contents, KYC reminders sent, and the per-tenant counters behind partner codes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.metadata import Base, metadata
from backend.modules.partners.application.ports import VerificationKind, VerificationOutcome
from backend.modules.partners.domain.amendments import AmendmentKind, AmendmentStatus
from backend.modules.partners.infrastructure.tables import PARTNER_FK, SCHEMA, one_of


class AmendmentRow(Base):
    __tablename__ = "amendments"
    __table_args__ = (
        CheckConstraint(one_of("kind", AmendmentKind), name="kind_known"),
        CheckConstraint(one_of("status", AmendmentStatus), name="status_known"),
        CheckConstraint("(decided_by IS NULL) OR (decided_at IS NOT NULL)", name="decision_dated"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_amendments_partner_id_requested_at", "partner_id", "requested_at"),
        Index("ix_amendments_tenant_id_status", "tenant_id", "status"),
        {"schema": SCHEMA},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(PARTNER_FK, ondelete="CASCADE"))
    partner_code: Mapped[str] = mapped_column(String(32, collation="C"))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    # the domain value (bank account, location, contact, credit limit) as JSON, every field named;
    # SQL NULL when there is no old value
    old_value: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    new_value: Mapped[dict[str, Any]] = mapped_column(JSONB)
    requested_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


verification_evidence = Table(
    "verification_evidence",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("seq", BigInteger, Identity(always=True), nullable=False),  # insertion order among equal times
    Column("tenant_id", Uuid, nullable=False),
    # no cascade: a partner with evidence is never deleted
    Column("partner_id", Uuid, ForeignKey(PARTNER_FK), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("provider", String(200), nullable=False),
    Column("details", JSONB, nullable=False),
    Column("checked_by", Uuid, nullable=True),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(one_of("kind", VerificationKind), name="kind_known"),
    CheckConstraint(one_of("outcome", VerificationOutcome), name="outcome_known"),
    Index("ix_verification_evidence_partner_id_checked_at", "partner_id", "checked_at", "seq"),
    schema=SCHEMA,
)

document_contents = Table(
    "document_contents",
    metadata,
    Column("document_id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("partner_id", Uuid, ForeignKey(PARTNER_FK, ondelete="CASCADE"), nullable=False, index=True),
    Column("media_type", String(100), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    schema=SCHEMA,
)

kyc_reminders = Table(
    "kyc_reminders",
    metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("partner_id", Uuid, ForeignKey(PARTNER_FK, ondelete="CASCADE"), nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("days_before", Integer, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # one reminder per partner, expiry and schedule step: a second run of the job claims nothing
    PrimaryKeyConstraint("partner_id", "expires_on", "days_before"),
    CheckConstraint("days_before >= 0", name="days_before_not_negative"),
    schema=SCHEMA,
)

code_sequences = Table(
    "code_sequences",
    metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("country", String(2), nullable=False),
    Column("last_value", Integer, nullable=False),  # the number of the tenant's last code for the country
    PrimaryKeyConstraint("tenant_id", "country"),
    CheckConstraint("last_value >= 1", name="last_value_positive"),
    schema=SCHEMA,
)
