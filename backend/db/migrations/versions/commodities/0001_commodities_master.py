"""commodities schema: commodity master, units, quality parameters, varieties, outbox, inbox

Revision ID: 0001_commodities
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_commodities"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("commodities",)
depends_on: str | Sequence[str] | None = None

SCHEMA = "commodities"
CATEGORIES = (
    "'fibre', 'softs', 'oilseeds', 'grains', 'pulses', 'spices', 'base_metals', 'precious_metals', 'energy', 'other'"
)


def _commodity_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["commodity_id"],
        [f"{SCHEMA}.commodities.id"],
        name=op.f(f"fk_{table}_commodity_id_commodities"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    op.create_table(
        "commodities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32, collation="C"), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("hsn_code", sa.String(length=8), nullable=False),
        sa.Column("gst_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("base_unit", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"category IN ({CATEGORIES})", name=op.f("ck_commodities_category_known")),
        sa.CheckConstraint("code = upper(code)", name=op.f("ck_commodities_code_upper_case")),
        sa.CheckConstraint("gst_rate >= 0 AND gst_rate <= 100", name=op.f("ck_commodities_gst_rate_percent")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_commodities_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commodities")),
        sa.UniqueConstraint("code", name=op.f("uq_commodities_code")),
        schema=SCHEMA,
    )
    op.create_table(
        "commodity_units",
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("factor", sa.Numeric(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("factor > 0", name=op.f("ck_commodity_units_factor_positive")),
        _commodity_fk("commodity_units"),
        sa.PrimaryKeyConstraint("commodity_id", "code", name=op.f("pk_commodity_units")),
        schema=SCHEMA,
    )
    op.create_table(
        "quality_parameters",
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("min_value", sa.Numeric(), nullable=True),
        sa.Column("max_value", sa.Numeric(), nullable=True),
        sa.Column("allowed_values", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('numeric', 'range', 'enum')", name=op.f("ck_quality_parameters_kind_known")),
        sa.CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
            name=op.f("ck_quality_parameters_bounds_ordered"),
        ),
        _commodity_fk("quality_parameters"),
        sa.PrimaryKeyConstraint("commodity_id", "name", name=op.f("pk_quality_parameters")),
        schema=SCHEMA,
    )
    op.create_table(
        "varieties",
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _commodity_fk("varieties"),
        sa.PrimaryKeyConstraint("commodity_id", "name", name=op.f("pk_varieties")),
        schema=SCHEMA,
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("wire_name", sa.String(length=200), nullable=False),
        sa.Column("aggregate_type", sa.String(length=100), nullable=False),
        sa.Column("aggregate_id", sa.String(length=100), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("correlation_id", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
        schema=SCHEMA,
    )
    pending = sa.text("status = 'pending'")
    op.create_index("ix_outbox_pending", "outbox", ["available_at", "seq"], schema=SCHEMA, postgresql_where=pending)
    op.create_index(
        "ix_outbox_aggregate_pending", "outbox", ["aggregate_id", "seq"], schema=SCHEMA, postgresql_where=pending
    )
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("wire_name", sa.String(length=200), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "consumer", name=op.f("pk_inbox")),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("inbox", schema=SCHEMA)
    op.drop_index("ix_outbox_aggregate_pending", table_name="outbox", schema=SCHEMA)
    op.drop_index("ix_outbox_pending", table_name="outbox", schema=SCHEMA)
    op.drop_table("outbox", schema=SCHEMA)
    op.drop_table("varieties", schema=SCHEMA)
    op.drop_table("quality_parameters", schema=SCHEMA)
    op.drop_table("commodity_units", schema=SCHEMA)
    op.drop_table("commodities", schema=SCHEMA)
    op.execute(f"DROP SCHEMA IF EXISTS {SCHEMA}")
