"""partners schema: the records kept about partners: amendments, verification evidence (append-only),
document contents, KYC reminders and the partner code counters, under row-level security

Revision ID: 0002_partners
Revises: 0001_partners
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.owned_rows import named_check, owned_by_partner
from backend.db.migrations.row_security import APP_ROLE, grant_and_secure_tables, partner_rule, revoke_and_drop_tables

revision: str = "0002_partners"
down_revision: str | Sequence[str] | None = "0001_partners"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "partners"
POLICIES = {
    "amendments": partner_rule("partner_id"),
    "verification_evidence": partner_rule("partner_id"),
    "document_contents": partner_rule("partner_id"),
    "kyc_reminders": partner_rule("partner_id"),
    # numbering partners is the tenant's staff's business, never a partner user's
    "code_sequences": partner_rule(),
}
TABLES = ("code_sequences", "kyc_reminders", "document_contents", "verification_evidence", "amendments")


def _owned(table: str, *, cascade: bool = True) -> tuple[Any, Any, Any]:
    return owned_by_partner(op, SCHEMA, table, cascade=cascade)


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return named_check(op, table, name, condition)


def upgrade() -> None:
    _records()
    _secure()


def _records() -> None:
    op.create_table(
        "amendments",
        sa.Column("id", sa.Uuid(), nullable=False),
        *_owned("amendments"),
        sa.Column("partner_code", sa.String(length=32, collation="C"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("old_value", postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), nullable=True),
        sa.Column("new_value", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _check(
            "amendments",
            "kind_known",
            "kind IN ('bank_change', 'new_location', 'credit_limit_change', 'contact_change')",
        ),
        _check("amendments", "status_known", "status IN ('pending', 'approved', 'rejected')"),
        _check("amendments", "decision_dated", "(decided_by IS NULL) OR (decided_at IS NOT NULL)"),
        _check("amendments", "version_positive", "version >= 1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_amendments_partner_id_requested_at", "amendments", ["partner_id", "requested_at"], schema=SCHEMA
    )
    op.create_index("ix_amendments_tenant_id_status", "amendments", ["tenant_id", "status"], schema=SCHEMA)
    op.create_table(
        "verification_evidence",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        # no cascade: evidence outlives nothing, a partner with evidence is never deleted
        *_owned("verification_evidence", cascade=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("checked_by", sa.Uuid(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        _check("verification_evidence", "kind_known", "kind IN ('gstn', 'bank_account', 'geocode')"),
        _check(
            "verification_evidence",
            "outcome_known",
            "outcome IN ('verified', 'mismatch', 'not_found', 'unavailable')",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_evidence")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_verification_evidence_partner_id_checked_at",
        "verification_evidence",
        ["partner_id", "checked_at", "seq"],
        schema=SCHEMA,
    )
    op.create_table(
        "document_contents",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        *_owned("document_contents"),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_contents")),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_partners_document_contents_partner_id"), "document_contents", ["partner_id"], schema=SCHEMA
    )
    op.create_table(
        "kyc_reminders",
        *_owned("kyc_reminders"),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        _check("kyc_reminders", "days_before_not_negative", "days_before >= 0"),
        sa.PrimaryKeyConstraint("partner_id", "expires_on", "days_before", name=op.f("pk_kyc_reminders")),
        schema=SCHEMA,
    )
    op.create_table(
        "code_sequences",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        _check("code_sequences", "last_value_positive", "last_value >= 1"),
        sa.PrimaryKeyConstraint("tenant_id", "country", name=op.f("pk_code_sequences")),
        schema=SCHEMA,
    )


def _secure() -> None:
    grant_and_secure_tables(op, SCHEMA, POLICIES)
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {APP_ROLE}")  # the evidence's seq
    # what a verifier answered is evidence: no grant to change it, and a trigger for everyone else
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {SCHEMA}.verification_evidence FROM {APP_ROLE}")
    op.execute(
        f"""
        CREATE FUNCTION {SCHEMA}.refuse_evidence_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'verification evidence is append-only';
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER verification_evidence_append_only BEFORE UPDATE OR DELETE ON {SCHEMA}.verification_evidence"
        f" FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_evidence_change()"
    )


def downgrade() -> None:
    op.execute(f"DROP TRIGGER verification_evidence_append_only ON {SCHEMA}.verification_evidence")
    op.execute(f"DROP FUNCTION {SCHEMA}.refuse_evidence_change()")
    revoke_and_drop_tables(op, SCHEMA, TABLES)
