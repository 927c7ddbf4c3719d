"""risk schema: credit limits and their maker-checker history, exposures and their open trades,
positions, trade records, outbox, inbox; row-level security by tenant and, for partner users, by
partner

Revision ID: 0001_risk
Revises:
Create Date: 2026-11-29

Every table but the outbox and inbox (read by the relay across tenants, like every context's) has
row-level security. Credit limits and exposures are visible to a partner user for its own partner
only; trade records for the trades it is a party to; positions, the tenant's own book, never.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from backend.db.migrations.message_tables import create_outbox_and_inbox
from backend.db.migrations.row_security import (
    create_schema,
    drop_schema,
    enable_row_security,
    grant_to_app_role,
    partner_rule,
    revoke_from_app_role,
)

revision: str = "0001_risk"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("risk",)
depends_on: str | Sequence[str] | None = "0002_platform"

SCHEMA = "risk"
POLICIES = {
    "credit_limits": partner_rule("partner_id"),
    "credit_limit_changes": partner_rule("partner_id"),
    "exposures": partner_rule("partner_id"),
    "exposure_trades": partner_rule("partner_id"),
    "trade_records": partner_rule("buyer_partner_id", "seller_partner_id"),
    "positions": partner_rule(),
}
TABLES = (
    "exposure_trades",
    "credit_limit_changes",
    "trade_records",
    "positions",
    "outbox",
    "inbox",
    "exposures",
    "credit_limits",
)  # in the order they can be dropped
PENDING = sa.text("status = 'pending'")
OPEN = sa.text("status = 'open'")
SOURCES = "'recommended_on_approval', 'amended', 'manual'"


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _not_negative(table: str, *columns: str) -> list[sa.CheckConstraint]:
    return [_check(table, f"{c}_not_negative", f"{c} >= 0") for c in columns]


def _currency(table: str) -> sa.CheckConstraint:
    return _check(table, "currency_iso", "currency ~ '^[A-Z]{3}$'")


def _versioned(table: str) -> tuple[sa.Column[Any], sa.CheckConstraint]:
    return sa.Column("version", sa.Integer(), nullable=False), _check(table, "version_positive", "version >= 1")


def upgrade() -> None:
    create_schema(op, SCHEMA)
    _credit_limits()
    _exposures()
    _positions_and_trades()
    create_outbox_and_inbox(op, SCHEMA)
    grant_to_app_role(op, SCHEMA)
    enable_row_security(op, SCHEMA, POLICIES)


def _credit_limits() -> None:
    op.create_table(
        "credit_limits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        *_versioned("credit_limits"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _currency("credit_limits"),
        _check("credit_limits", "source_known", f"source IN ({SOURCES})"),
        _check("credit_limits", "amount_not_negative", "amount IS NULL OR amount >= 0"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_limits")),
        sa.UniqueConstraint("tenant_id", "partner_id", name=op.f("uq_credit_limits_tenant_id")),
        schema=SCHEMA,
    )
    op.create_table(
        "credit_limit_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("credit_limit_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("old_amount", sa.Numeric(), nullable=True),
        sa.Column("new_amount", sa.Numeric(), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        _check("credit_limit_changes", "source_known", f"source IN ({SOURCES})"),
        _check("credit_limit_changes", "decision_dated", "status = 'pending' OR decided_at IS NOT NULL"),
        _check("credit_limit_changes", "status_known", "status IN ('pending', 'approved', 'rejected', 'superseded')"),
        _check("credit_limit_changes", "new_amount_not_negative", "new_amount IS NULL OR new_amount >= 0"),
        _check("credit_limit_changes", "old_amount_not_negative", "old_amount IS NULL OR old_amount >= 0"),
        sa.ForeignKeyConstraint(
            ["credit_limit_id"],
            [f"{SCHEMA}.credit_limits.id"],
            name=op.f("fk_credit_limit_changes_credit_limit_id_credit_limits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_limit_changes")),
        sa.UniqueConstraint("credit_limit_id", "position", name=op.f("uq_credit_limit_changes_credit_limit_id")),
        schema=SCHEMA,
    )
    # one change at a time waits for a checker
    op.create_index(
        "uq_credit_limit_changes_one_pending",
        "credit_limit_changes",
        ["credit_limit_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=PENDING,
    )


def _exposures() -> None:
    op.create_table(
        "exposures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("band", sa.String(length=16), nullable=False),
        *_versioned("exposures"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _check("exposures", "band_known", "band IN ('green', 'yellow', 'red')"),
        _currency("exposures"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exposures")),
        sa.UniqueConstraint("tenant_id", "partner_id", "currency", name=op.f("uq_exposures_tenant_id")),
        schema=SCHEMA,
    )
    op.create_table(
        "exposure_trades",
        sa.Column("exposure_id", sa.Uuid(), nullable=False),
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("paid", sa.Numeric(), nullable=False),
        *_not_negative("exposure_trades", "amount", "paid"),
        sa.ForeignKeyConstraint(
            ["exposure_id"],
            [f"{SCHEMA}.exposures.id"],
            name=op.f("fk_exposure_trades_exposure_id_exposures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("exposure_id", "trade_id", name=op.f("pk_exposure_trades")),
        schema=SCHEMA,
    )


def _positions_and_trades() -> None:
    op.create_table(
        "positions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("long_quantity", sa.Numeric(), nullable=False),
        sa.Column("long_value", sa.Numeric(), nullable=False),
        sa.Column("short_quantity", sa.Numeric(), nullable=False),
        sa.Column("short_value", sa.Numeric(), nullable=False),
        *_versioned("positions"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _currency("positions"),
        *_not_negative("positions", "long_quantity", "long_value", "short_quantity", "short_value"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
        sa.UniqueConstraint(
            "tenant_id",
            "branch_id",
            "commodity_id",
            "currency",
            name=op.f("uq_positions_tenant_id"),
            postgresql_nulls_not_distinct=True,
        ),
        schema=SCHEMA,
    )
    op.create_table(
        "trade_records",
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("trade_number", sa.String(length=40), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("quantity", sa.Numeric(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("price", sa.Numeric(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("tax", sa.Numeric(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        _check("trade_records", "closed_dated", "(status = 'open') = (closed_at IS NULL)"),
        _currency("trade_records"),
        _check("trade_records", "status_known", "status IN ('open', 'cancelled')"),
        *_not_negative("trade_records", "amount", "price", "quantity", "tax"),
        sa.PrimaryKeyConstraint("trade_id", name=op.f("pk_trade_records")),
        schema=SCHEMA,
    )
    for side in ("buyer", "seller"):
        op.create_index(
            f"ix_trade_records_open_{side}",
            "trade_records",
            [f"{side}_partner_id"],
            schema=SCHEMA,
            postgresql_where=OPEN,
        )


def downgrade() -> None:
    revoke_from_app_role(op, SCHEMA)
    drop_schema(op, SCHEMA, TABLES)
