"""finance schema: receivables (one per confirmed trade) and the payments received against them,
outbox, inbox; row-level security by tenant, nothing for partner users

Revision ID: 0001_finance
Revises:
Create Date: 2026-11-30

Every table but the outbox and inbox (read by the relay across tenants, like every context's) has
row-level security. The tenant's books are its staff's business: a partner user's scope sees no
receivable and no payment. A payment reference (bank UTR, cheque or receipt number) is unique per
tenant.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from backend.db.migrations.message_tables import create_outbox_and_inbox
from backend.db.migrations.owned_rows import named_check
from backend.db.migrations.row_security import (
    create_schema,
    drop_schema,
    enable_row_security,
    grant_to_app_role,
    partner_rule,
    revoke_from_app_role,
)

revision: str = "0001_finance"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("finance",)
depends_on: str | Sequence[str] | None = "0002_platform"

SCHEMA = "finance"
POLICIES = {"receivables": partner_rule(), "payments": partner_rule()}
TABLES = ("payments", "receivables", "outbox", "inbox")  # in the order they can be dropped
METHODS = "'neft', 'rtgs', 'imps', 'upi', 'cheque', 'bank_transfer', 'cash'"


def upgrade() -> None:
    create_schema(op, SCHEMA)
    _receivables()
    _payments()
    create_outbox_and_inbox(op, SCHEMA)
    grant_to_app_role(op, SCHEMA)
    enable_row_security(op, SCHEMA, POLICIES)


def _receivables() -> None:
    table = "receivables"
    op.create_table(
        table,
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("trade_number", sa.String(length=40), nullable=False),
        sa.Column("payer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("invoice_amount", sa.Numeric(), nullable=False),
        sa.Column("terms_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        named_check(op, table, "invoice_amount_not_negative", "invoice_amount >= 0"),
        named_check(op, table, "status_known", "status IN ('open', 'settled', 'cancelled')"),
        named_check(op, table, "cancel_dated", "(status = 'cancelled') = (cancelled_at IS NOT NULL)"),
        named_check(op, table, "settle_dated", "status <> 'settled' OR settled_at IS NOT NULL"),
        named_check(op, table, "currency_iso", "currency ~ '^[A-Z]{3}$'"),
        named_check(op, table, "version_positive", "version >= 1"),
        sa.PrimaryKeyConstraint("trade_id", name=op.f("pk_receivables")),
        schema=SCHEMA,
    )
    op.create_index("ix_receivables_tenant_opened", table, ["tenant_id", "opened_at", "trade_id"], schema=SCHEMA)
    op.create_index("ix_receivables_payer", table, ["payer_partner_id"], schema=SCHEMA)


def _payments() -> None:
    table = "payments"
    op.create_table(
        table,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reversed_by", sa.Uuid(), nullable=True),
        sa.Column("reversed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reversal_reason", sa.Text(), nullable=True),
        named_check(op, table, "amount_positive", "amount > 0"),
        named_check(op, table, "method_known", f"method IN ({METHODS})"),
        named_check(
            op,
            table,
            "reversal_complete",
            "(reversed_at IS NULL) = (reversed_by IS NULL) AND (reversed_at IS NULL) = (reversal_reason IS NULL)",
        ),
        sa.ForeignKeyConstraint(
            ["trade_id"],
            [f"{SCHEMA}.receivables.trade_id"],
            name=op.f("fk_payments_trade_id_receivables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("tenant_id", "reference", name=op.f("uq_payments_tenant_id")),
        sa.UniqueConstraint("trade_id", "position", name=op.f("uq_payments_trade_id")),
        schema=SCHEMA,
    )


def downgrade() -> None:
    revoke_from_app_role(op, SCHEMA)
    drop_schema(op, SCHEMA, TABLES)
