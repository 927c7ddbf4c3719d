"""risk: credit reservations, the credit a trade being booked holds until risk counts the trade

Revision ID: 0002_risk
Revises: 0001_risk
Create Date: 2026-11-29

A reservation is taken under the buyer's exposure lock before the trade is booked, and consumed when
``trading.trade_confirmed.v1`` arrives (or released when the booking fails): two concurrent bookings
of one buyer can no longer both fit under its limit. A partner user sees its own partner's only.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from backend.db.migrations.row_security import grant_and_secure_tables, partner_rule, revoke_and_drop_tables

revision: str = "0002_risk"
down_revision: str | Sequence[str] | None = "0001_risk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "risk"
TABLE = "credit_reservations"


def _check(name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{TABLE}_{name}"))


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("trade_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        _check("amount_not_negative", "amount >= 0"),
        _check("status_known", "status IN ('active', 'consumed', 'released')"),
        _check("closed_dated", "(status = 'active') = (closed_at IS NULL)"),
        _check("consumed_by_trade", "(status = 'consumed') = (trade_id IS NOT NULL)"),
        _check("currency_iso", "currency ~ '^[A-Z]{3}$'"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        schema=SCHEMA,
    )
    # what the credit check sums under the exposure lock: the buyer's active reservations
    op.create_index(
        "ix_credit_reservations_active",
        TABLE,
        ["partner_id", "currency"],
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'active'"),
    )
    grant_and_secure_tables(op, SCHEMA, {TABLE: partner_rule("partner_id")})


def downgrade() -> None:
    revoke_and_drop_tables(op, SCHEMA, (TABLE,))
