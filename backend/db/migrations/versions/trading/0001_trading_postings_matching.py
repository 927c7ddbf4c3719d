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

revision: str = "0001_trading"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("trading",)
depends_on: str | Sequence[str] | None = "0002_platform"

SCHEMA = "trading"
APP_ROLE = "mandi_app"
TENANT = "tenant_id = platform.current_tenant_id() OR platform.is_platform()"
PARTNER = "platform.current_partner_id()"


def _own(*columns: str) -> str:
    mine = " OR ".join(f"{column} = {PARTNER}" for column in columns)
    return f"({TENANT}) AND ({PARTNER} IS NULL OR {mine})"


POLICIES = {
    "availabilities": _own("seller_partner_id"),
    "requirements": _own("buyer_partner_id"),
    "matches": _own("buyer_partner_id", "seller_partner_id"),
}
ACTIVE = sa.text("status = 'active'")
PENDING = sa.text("status = 'pending'")
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
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    _availabilities()
    _requirements()
    _matches()
    _outbox_and_inbox()
    _secure()


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


def _outbox_and_inbox() -> None:
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
        sa.Column("causation_id", sa.String(length=100), nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("actor_id", sa.String(length=64), nullable=True),
        sa.Column("traceparent", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
        schema=SCHEMA,
    )
    op.create_index("ix_outbox_pending", "outbox", ["available_at", "seq"], schema=SCHEMA, postgresql_where=PENDING)
    op.create_index(
        "ix_outbox_aggregate_pending", "outbox", ["aggregate_id", "seq"], schema=SCHEMA, postgresql_where=PENDING
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


def _secure() -> None:
    op.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {APP_ROLE}")
    for table, rule in POLICIES.items():
        op.execute(f"ALTER TABLE {SCHEMA}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {SCHEMA}.{table} USING ({rule}) WITH CHECK ({rule})")


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA {SCHEMA} FROM {APP_ROLE}")
    for table in ("inbox", "outbox", "matches", "requirements", "availabilities"):
        op.drop_table(table, schema=SCHEMA)
    op.execute(f"DROP SCHEMA IF EXISTS {SCHEMA}")
