"""identity: outgoing e-mail and SMS, queued in the command's transaction for the dispatcher

Revision ID: 0004_identity
Revises: 0003_identity
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_identity"
down_revision: str | Sequence[str] | None = "0003_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "identity"
APP_ROLE = "mandi_app"
PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table(
        "outgoing_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("provider_message_id", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f("ck_outgoing_messages_status_known")),
        sa.CheckConstraint("channel IN ('email', 'sms')", name=op.f("ck_outgoing_messages_channel_known")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outgoing_messages_attempts_not_negative")),
        sa.CheckConstraint(
            "(status = 'sent') = (sent_at IS NOT NULL)", name=op.f("ck_outgoing_messages_sent_when_sent_at")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_messages")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_outgoing_messages_due",
        "outgoing_messages",
        ["next_attempt_at"],
        unique=False,
        schema=SCHEMA,
        postgresql_where=PENDING,
    )
    # like dev_messages: no tenant column, so no row-level security; the app role reads and writes it
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {SCHEMA}.outgoing_messages TO {APP_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON {SCHEMA}.outgoing_messages FROM {APP_ROLE}")
    op.drop_index("ix_outgoing_messages_due", table_name="outgoing_messages", schema=SCHEMA, postgresql_where=PENDING)
    op.drop_table("outgoing_messages", schema=SCHEMA)
