"""trading: trade terms versions, trade amendments, contracts and their signatures, with row-level
security by tenant and, for partner users, by the partner on either side

Revision ID: 0004_trading
Revises: 0003_trading
Create Date: 2026-12-10

Version 1 of each trade booked before this revision is copied from ``trades`` so every trade has its
full history here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.row_security import grant_and_secure_tables, partner_rule, revoke_and_drop_tables

revision: str = "0004_trading"
down_revision: str | Sequence[str] | None = "0003_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"
PARTIES = partner_rule("buyer_partner_id", "seller_partner_id")
TABLES = ("contract_signatures", "contracts", "trade_amendments", "trade_terms_versions")
SIDES = "'buyer', 'seller'"
TIERS = "'basic', 'e_sign', 'dsc'"
TERMS = (
    "quantity, price, currency, price_unit, price_factor, amount, gst_rate, tax_regime, cgst, sgst, igst,"
    " delivery_date, ship_to, bill_to, ship_from"
)


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _trade_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["trade_id"], [f"{SCHEMA}.trades.id"], name=op.f(f"fk_{table}_trade_id_trades"), ondelete="CASCADE"
    )


def _jsonb() -> postgresql.JSONB:
    return postgresql.JSONB(astext_type=sa.Text())


def upgrade() -> None:
    _terms_versions()
    _amendments()
    _contracts()
    _signatures()
    grant_and_secure_tables(op, SCHEMA, dict.fromkeys(TABLES, PARTIES))
    op.execute(
        f"INSERT INTO {SCHEMA}.trade_terms_versions (tenant_id, trade_id, version, buyer_partner_id,"
        f" seller_partner_id, {TERMS}, effective_at) SELECT tenant_id, id, terms_version, buyer_partner_id,"
        f" seller_partner_id, {TERMS}, created_at FROM {SCHEMA}.trades"
    )


def _terms_versions() -> None:
    t = "trade_terms_versions"
    op.create_table(
        t,
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
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
        sa.Column("ship_to", _jsonb(), nullable=False),
        sa.Column("bill_to", _jsonb(), nullable=False),
        sa.Column("ship_from", _jsonb(), nullable=False),
        sa.Column("effective_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amendment_id", sa.Uuid(), nullable=True),
        _check(t, "version_positive", "version >= 1"),
        _check(t, "quantity_and_price_positive", "quantity > 0 AND price > 0 AND price_factor > 0"),
        _check(t, "amounts_not_negative", "amount >= 0 AND cgst >= 0 AND sgst >= 0 AND igst >= 0"),
        _trade_fk(t),
        sa.PrimaryKeyConstraint("trade_id", "version", name=op.f("pk_trade_terms_versions")),
        schema=SCHEMA,
    )


def _amendments() -> None:
    t = "trade_amendments"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.String(length=10), nullable=False),
        sa.Column("changes", _jsonb(), nullable=False),
        sa.Column("fields", _jsonb(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("terms_version", sa.Integer(), nullable=True),
        _check(t, "status_known", "status IN ('pending', 'approved', 'rejected')"),
        _check(t, "requested_by_known", f"requested_by IN ({SIDES})"),
        _trade_fk(t),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trade_amendments")),
        schema=SCHEMA,
    )
    op.create_index("ix_trade_amendments_trade", t, ["trade_id", "requested_at"], schema=SCHEMA)


def _contracts() -> None:
    t = "contracts"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("trade_id", sa.Uuid(), nullable=False),
        sa.Column("trade_number", sa.String(length=20), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("contract_version", sa.Integer(), nullable=False),
        sa.Column("terms_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("required_tier", sa.String(length=10), nullable=False),
        sa.Column("template", sa.String(length=100), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("superseded_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _check(t, "versions_positive", "contract_version >= 1 AND terms_version >= 1"),
        _check(t, "sha256_hex", "sha256 ~ '^[0-9a-f]{64}$'"),
        _check(t, "status_known", "status IN ('draft', 'partially_signed', 'signed', 'superseded')"),
        _check(t, "required_tier_known", f"required_tier IN ({TIERS})"),
        _trade_fk(t),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("trade_id", "contract_version", name="uq_contracts_trade_id"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_contracts_current",
        t,
        ["trade_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("status <> 'superseded'"),
    )


def _signatures() -> None:
    t = "contract_signatures"
    op.create_table(
        t,
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("signer_user_id", sa.Uuid(), nullable=False),
        sa.Column("tier", sa.String(length=10), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        _check(t, "side_known", f"side IN ({SIDES})"),
        _check(t, "tier_known", f"tier IN ({TIERS})"),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            [f"{SCHEMA}.contracts.id"],
            name=op.f("fk_contract_signatures_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contract_id", "side", name=op.f("pk_contract_signatures")),
        schema=SCHEMA,
    )


def downgrade() -> None:
    revoke_and_drop_tables(op, SCHEMA, TABLES)
