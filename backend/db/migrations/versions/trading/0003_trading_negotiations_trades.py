"""trading: negotiations, offers, trades, trade numbers and trade status history, with row-level
security by tenant and, for partner users, by the partner on either side

Revision ID: 0003_trading
Revises: 0002_trading
Create Date: 2026-12-03

A partner user sees a negotiation, its offers, a trade and its history only when its partner is the
buyer or the seller. ``trade_sequences`` is tenant-scoped: the booking transaction upserts its row.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.row_security import (
    APP_ROLE,
    TENANT,
    grant_and_secure_tables,
    partner_rule,
    revoke_and_drop_tables,
)

revision: str = "0003_trading"
down_revision: str | Sequence[str] | None = "0002_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"
PARTIES = partner_rule("buyer_partner_id", "seller_partner_id")
POLICIES = {
    "negotiations": PARTIES,
    "offers": PARTIES,
    "trades": PARTIES,
    "trade_status_history": PARTIES,
    "trade_sequences": TENANT,
}
TABLES = ("trade_status_history", "trade_sequences", "trades", "offers", "negotiations")
TRADE_STATUSES = "'active', 'in_transit', 'delivered', 'completed', 'cancelled', 'disputed'"
SIDES = "'buyer', 'seller'"


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def upgrade() -> None:
    _negotiations()
    _offers()
    _trades()
    _trade_sequences()
    _trade_status_history()
    _secure()


def _negotiations() -> None:
    t = "negotiations"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("match_id", sa.Uuid(), nullable=False),
        sa.Column("requirement_id", sa.Uuid(), nullable=False),
        sa.Column("availability_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("started_by", sa.String(length=10), nullable=False),
        sa.Column("listed_price", sa.Numeric(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("price_unit", sa.String(length=20), nullable=False),
        sa.Column("price_factor", sa.Numeric(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("limits", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("idle_timeout_seconds", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _check(t, "status_known", "status IN ('open', 'accepted', 'rejected', 'withdrawn', 'expired')"),
        _check(t, "started_by_known", f"started_by IN ({SIDES})"),
        _check(t, "idle_timeout_positive", "idle_timeout_seconds > 0"),
        sa.ForeignKeyConstraint(
            ["match_id"], [f"{SCHEMA}.matches.id"], name=op.f("fk_negotiations_match_id_matches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negotiations")),
        sa.UniqueConstraint("match_id", name="uq_negotiations_match_id"),
        schema=SCHEMA,
    )
    op.create_index("ix_negotiations_buyer", t, ["tenant_id", "buyer_partner_id", "started_at"], schema=SCHEMA)
    op.create_index("ix_negotiations_seller", t, ["tenant_id", "seller_partner_id", "started_at"], schema=SCHEMA)
    op.create_index(
        "ix_negotiations_idle", t, ["last_activity_at"], schema=SCHEMA, postgresql_where=sa.text("status = 'open'")
    )


def _offers() -> None:
    t = "offers"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("negotiation_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("by_partner_id", sa.Uuid(), nullable=False),
        sa.Column("price", sa.Numeric(), nullable=False),
        sa.Column("quantity", sa.Numeric(), nullable=False),
        sa.Column("payment_terms", sa.Text(), nullable=False),
        sa.Column("delivery_terms", sa.Text(), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        _check(t, "price_and_quantity_positive", "price > 0 AND quantity > 0"),
        _check(t, "status_known", "status IN ('pending', 'countered', 'accepted', 'rejected', 'withdrawn', 'expired')"),
        _check(t, "side_known", f"side IN ({SIDES})"),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            [f"{SCHEMA}.negotiations.id"],
            name=op.f("fk_offers_negotiation_id_negotiations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("negotiation_id", "position", name="uq_offers_negotiation_id"),
        schema=SCHEMA,
    )


def _trades() -> None:
    t = "trades"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("negotiation_id", sa.Uuid(), nullable=False),
        sa.Column("match_id", sa.Uuid(), nullable=False),
        sa.Column("requirement_id", sa.Uuid(), nullable=False),
        sa.Column("availability_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Numeric(), nullable=False),
        sa.Column("price", sa.Numeric(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("price_unit", sa.String(length=20), nullable=False),
        sa.Column("price_factor", sa.Numeric(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("gst_rate", sa.Numeric(), nullable=False),
        sa.Column("tax_regime", sa.String(length=20), nullable=False),
        sa.Column("cgst", sa.Numeric(), nullable=False),
        sa.Column("sgst", sa.Numeric(), nullable=False),
        sa.Column("igst", sa.Numeric(), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=True),
        sa.Column("payment_terms", sa.Text(), nullable=False),
        sa.Column("delivery_terms", sa.Text(), nullable=False),
        sa.Column("ship_to", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("bill_to", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("ship_from", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("terms_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _check(t, "quantity_and_price_positive", "quantity > 0 AND price > 0 AND price_factor > 0"),
        _check(t, "amounts_not_negative", "amount >= 0 AND cgst >= 0 AND sgst >= 0 AND igst >= 0"),
        _check(t, "gst_rate_percentage", "gst_rate >= 0 AND gst_rate <= 100"),
        _check(t, "tax_regime_known", "tax_regime IN ('intra_state', 'inter_state', 'outside_gst')"),
        _check(t, "status_known", f"status IN ({TRADE_STATUSES})"),
        sa.ForeignKeyConstraint(
            ["negotiation_id"], [f"{SCHEMA}.negotiations.id"], name=op.f("fk_trades_negotiation_id_negotiations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trades")),
        sa.UniqueConstraint("tenant_id", "number", name="uq_trades_tenant_id"),
        sa.UniqueConstraint("negotiation_id", name="uq_trades_negotiation_id"),
        schema=SCHEMA,
    )
    op.create_index("ix_trades_buyer", t, ["tenant_id", "buyer_partner_id", "created_at", "id"], schema=SCHEMA)
    op.create_index("ix_trades_seller", t, ["tenant_id", "seller_partner_id", "created_at", "id"], schema=SCHEMA)
    op.create_index("ix_trades_created", t, ["tenant_id", "created_at", "id"], schema=SCHEMA)


def _trade_sequences() -> None:
    t = "trade_sequences"
    op.create_table(
        t,
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        _check(t, "last_value_positive", "last_value >= 1"),
        sa.PrimaryKeyConstraint("tenant_id", "year", name=op.f("pk_trade_sequences")),
        schema=SCHEMA,
    )


def _trade_status_history() -> None:
    t = "trade_status_history"
    op.create_table(
        t,
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("changed_by", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        _check(t, "to_status_known", f"to_status IN ({TRADE_STATUSES})"),
        sa.ForeignKeyConstraint(
            ["trade_id"],
            [f"{SCHEMA}.trades.id"],
            name=op.f("fk_trade_status_history_trade_id_trades"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trade_status_history")),
        schema=SCHEMA,
    )
    op.create_index("ix_trade_status_history_trade", t, ["trade_id", "id"], schema=SCHEMA)


def _secure() -> None:
    grant_and_secure_tables(op, SCHEMA, POLICIES)
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {APP_ROLE}")


def downgrade() -> None:
    revoke_and_drop_tables(op, SCHEMA, TABLES)
