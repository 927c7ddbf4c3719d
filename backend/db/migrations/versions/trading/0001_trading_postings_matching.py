"""trading schema: availabilities, requirements, matches, outbox, inbox; row-level security by tenant
and, for partner users, by partner

Revision ID: 0001_trading
Revises:
Create Date: 2026-12-01

An external user sees availabilities it sells, requirements it buys, and matches where it is either
side. Quantities never go negative and add up (CHECK constraints). The partial indexes on active
availabilities serve the matching prefilter (price, and the latitude/longitude bounding box).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.message_tables import create_outbox_and_inbox
from backend.db.migrations.row_security import (
    create_schema,
    drop_schema,
    enable_row_security,
    grant_to_app_role,
    partner_rule,
    revoke_from_app_role,
)

revision: str = "0001_trading"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("trading",)
depends_on: str | Sequence[str] | None = "0002_platform"

SCHEMA = "trading"
POLICIES = {
    "availabilities": partner_rule("seller_partner_id"),
    "requirements": partner_rule("buyer_partner_id"),
    "matches": partner_rule("buyer_partner_id", "seller_partner_id"),
}
ACTIVE = sa.text("status = 'active'")
AVAILABILITY_STATUSES = "'draft', 'active', 'reserved', 'sold', 'expired', 'cancelled', 'blocked'"
REQUIREMENT_STATUSES = "'draft', 'active', 'partially_fulfilled', 'fulfilled', 'expired', 'cancelled', 'blocked'"
VISIBILITIES = "'public', 'restricted', 'internal'"


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _stamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    create_schema(op, SCHEMA)
    _availabilities()
    _requirements()
    _matches()
    create_outbox_and_inbox(op, SCHEMA)
    grant_to_app_role(op, SCHEMA)
    enable_row_security(op, SCHEMA, POLICIES)


def _availabilities() -> None:
    t = "availabilities"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("variety", sa.String(length=100), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("entered_quantity", sa.Numeric(), nullable=False),
        sa.Column("entered_unit", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Numeric(), nullable=False),
        sa.Column("available", sa.Numeric(), nullable=False),
        sa.Column("reserved", sa.Numeric(), nullable=False),
        sa.Column("sold", sa.Numeric(), nullable=False),
        sa.Column("minimum_order", sa.Numeric(), nullable=True),
        sa.Column("partial_orders_allowed", sa.Boolean(), nullable=False),
        sa.Column("price", sa.Numeric(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("price_unit", sa.String(length=20), nullable=False),
        sa.Column("price_factor", sa.Numeric(), nullable=False),
        sa.Column("price_per_base", sa.Numeric(), nullable=False),
        sa.Column("price_type", sa.String(length=20), nullable=False),
        sa.Column("quality", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("ship_from_location_id", sa.Uuid(), nullable=False),
        sa.Column("ship_from_country", sa.String(length=2), nullable=False),
        sa.Column("ship_from_state", sa.String(length=10), nullable=True),
        sa.Column("ship_from_timezone", sa.String(length=64), nullable=False),
        sa.Column("latitude", sa.Numeric(), nullable=True),
        sa.Column("longitude", sa.Numeric(), nullable=True),
        sa.Column("delivery_terms", sa.Text(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=False),
        sa.Column("available_until", sa.Date(), nullable=False),
        sa.Column("cut_off", sa.Time(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("listed_buyers", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("country_of_origin", sa.String(length=2), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        *_stamps(),
        _check(t, "quantities_not_negative", "total >= 0 AND available >= 0 AND reserved >= 0 AND sold >= 0"),
        _check(t, "quantities_add_up", "available + reserved + sold = total"),
        _check(t, "price_positive", "price > 0 AND price_factor > 0"),
        _check(t, "status_known", f"status IN ({AVAILABILITY_STATUSES})"),
        _check(t, "visibility_known", f"visibility IN ({VISIBILITIES})"),
        _check(t, "price_type_known", "price_type IN ('fixed', 'negotiable')"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availabilities")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_availabilities_match_price",
        t,
        ["tenant_id", "commodity_id", "price_per_base"],
        schema=SCHEMA,
        postgresql_where=ACTIVE,
    )
    op.create_index(
        "ix_availabilities_match_place",
        t,
        ["tenant_id", "commodity_id", "latitude", "longitude"],
        schema=SCHEMA,
        postgresql_where=ACTIVE,
    )
    op.create_index(
        "ix_availabilities_seller", t, ["tenant_id", "seller_partner_id", "created_at", "id"], schema=SCHEMA
    )
    op.create_index("ix_availabilities_fingerprint", t, ["tenant_id", "fingerprint"], schema=SCHEMA)
    op.create_index(
        "ix_availabilities_expiry",
        t,
        ["expires_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("status IN ('active', 'reserved')"),
    )


def _requirements() -> None:
    t = "requirements"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("commodity_id", sa.Uuid(), nullable=False),
        sa.Column("variety", sa.String(length=100), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("min_quantity", sa.Numeric(), nullable=False),
        sa.Column("preferred_quantity", sa.Numeric(), nullable=False),
        sa.Column("max_quantity", sa.Numeric(), nullable=False),
        sa.Column("fulfilled", sa.Numeric(), nullable=False),
        sa.Column("max_price", sa.Numeric(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("price_unit", sa.String(length=20), nullable=False),
        sa.Column("price_factor", sa.Numeric(), nullable=False),
        sa.Column("max_price_per_base", sa.Numeric(), nullable=False),
        sa.Column("preferred_price", sa.Numeric(), nullable=True),
        sa.Column("quality", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("delivery_points", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("allow_inter_state", sa.Boolean(), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=True),
        sa.Column("delivery_from", sa.Date(), nullable=False),
        sa.Column("delivery_until", sa.Date(), nullable=False),
        sa.Column("payment_terms", sa.Text(), nullable=False),
        sa.Column("delivery_terms", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("listed_sellers", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("cut_off", sa.Time(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        *_stamps(),
        _check(
            t,
            "quantities_ordered",
            "min_quantity > 0 AND min_quantity <= preferred_quantity AND preferred_quantity <= max_quantity",
        ),
        _check(t, "fulfilled_within_max", "fulfilled >= 0 AND fulfilled <= max_quantity"),
        _check(t, "price_positive", "max_price > 0 AND price_factor > 0"),
        _check(t, "status_known", f"status IN ({REQUIREMENT_STATUSES})"),
        _check(t, "visibility_known", f"visibility IN ({VISIBILITIES})"),
        _check(t, "urgency_known", "urgency IN ('low', 'normal', 'high', 'urgent')"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements")),
        schema=SCHEMA,
    )
    open_ = sa.text("status IN ('active', 'partially_fulfilled')")
    op.create_index("ix_requirements_buyer", t, ["tenant_id", "buyer_partner_id", "created_at", "id"], schema=SCHEMA)
    op.create_index("ix_requirements_fingerprint", t, ["tenant_id", "fingerprint"], schema=SCHEMA)
    op.create_index(
        "ix_requirements_open",
        t,
        ["tenant_id", "commodity_id", "max_price_per_base"],
        schema=SCHEMA,
        postgresql_where=open_,
    )
    op.create_index("ix_requirements_expiry", t, ["expires_at"], schema=SCHEMA, postgresql_where=open_)


def _matches() -> None:
    t = "matches"
    op.create_table(
        t,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("requirement_id", sa.Uuid(), nullable=False),
        sa.Column("availability_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_partner_id", sa.Uuid(), nullable=False),
        sa.Column("seller_partner_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Numeric(5, 4), nullable=False),
        sa.Column("quality_score", sa.Numeric(5, 4), nullable=False),
        sa.Column("price_score", sa.Numeric(5, 4), nullable=False),
        sa.Column("delivery_score", sa.Numeric(5, 4), nullable=False),
        sa.Column("risk_score", sa.Numeric(5, 4), nullable=False),
        sa.Column("reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("distance_km", sa.Numeric(), nullable=False),
        sa.Column("delivery_location_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _check(
            t,
            "scores_in_unit_range",
            "score BETWEEN 0 AND 1 AND quality_score BETWEEN 0 AND 1 AND price_score BETWEEN 0 AND 1"
            " AND delivery_score BETWEEN 0 AND 1 AND risk_score BETWEEN 0 AND 1",
        ),
        _check(t, "status_known", "status IN ('open', 'negotiating', 'closed')"),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            [f"{SCHEMA}.requirements.id"],
            name=op.f("fk_matches_requirement_id_requirements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["availability_id"],
            [f"{SCHEMA}.availabilities.id"],
            name=op.f("fk_matches_availability_id_availabilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
        sa.UniqueConstraint("token", name="uq_matches_token"),
        sa.UniqueConstraint("requirement_id", "availability_id", name="uq_matches_requirement_id"),
        schema=SCHEMA,
    )
    op.create_index("ix_matches_availability", t, ["availability_id"], schema=SCHEMA)


def downgrade() -> None:
    revoke_from_app_role(op, SCHEMA)
    drop_schema(op, SCHEMA, ("inbox", "outbox", "matches", "requirements", "availabilities"))
