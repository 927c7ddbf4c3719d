"""trading: matching in one statement: float8 shadows of the matched numbers and a covering index

Revision ID: 0002_trading
Revises: 0001_trading
Create Date: 2026-12-02

Row-level security puts the policy's quals first, and PostgreSQL uses a user condition as an index
condition ahead of them only when its operator is leakproof: ``numeric`` comparisons are not, so
under ``mandi_app`` the price and bounding-box conditions of 0001's partial indexes never reached the
index (the planner scanned every unexpired row instead). ``double precision`` comparisons are
leakproof, so the matched numbers get stored generated ``float8`` shadows (the exact ``numeric``
columns stay the source of truth; a cast to float is monotone, so a comparison on the shadows is
never stricter than the domain's). The covering index holds everything the matching statement reads,
so it runs as an index-only scan on all-visible pages.

The index's third key is ``match_strip``, the half-degree strip of longitude a row lies in: the
statement lists the strips its bounding box touches (``= ANY``, an integer comparison and so
leakproof too), so each strip is one range scan on the latitude and the scan reads about the box's
rows instead of every row in its band of latitude.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_trading"
down_revision: str | Sequence[str] | None = "0001_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"
SHADOWS = {
    "match_price": "price_per_base",
    "match_available": "available",
    "match_latitude": "latitude",
    "match_longitude": "longitude",
}
COVERED = [
    "id",
    "match_price",
    "match_available",
    "expires_at",
    "available_from",
    "available_until",
    "seller_partner_id",
    "currency",
    "ship_from_country",
    "ship_from_state",
    "visibility",
    "listed_buyers",
    "variety",
    "country_of_origin",
    "quality",
    "match_longitude",
]
ACTIVE = sa.text("status = 'active'")
STRIP = "(floor(longitude * 2))::integer"  # tables.STRIPS_PER_DEGREE


def upgrade() -> None:
    for shadow, source in SHADOWS.items():
        op.add_column(
            "availabilities",
            sa.Column(
                shadow,
                sa.Double(),
                sa.Computed(f"({source})::double precision", persisted=True),
                nullable=source not in ("price_per_base", "available"),
            ),
            schema=SCHEMA,
        )
    op.add_column(
        "availabilities",
        sa.Column("match_strip", sa.Integer(), sa.Computed(STRIP, persisted=True), nullable=True),
        schema=SCHEMA,
    )
    op.drop_index("ix_availabilities_match_price", table_name="availabilities", schema=SCHEMA)
    op.drop_index("ix_availabilities_match_place", table_name="availabilities", schema=SCHEMA)
    op.create_index(
        "ix_availabilities_match",
        "availabilities",
        ["tenant_id", "commodity_id", "match_strip", "match_latitude"],
        schema=SCHEMA,
        postgresql_where=ACTIVE,
        postgresql_include=COVERED,
    )


def downgrade() -> None:
    op.drop_index("ix_availabilities_match", table_name="availabilities", schema=SCHEMA)
    op.create_index(
        "ix_availabilities_match_place",
        "availabilities",
        ["tenant_id", "commodity_id", "latitude", "longitude"],
        schema=SCHEMA,
        postgresql_where=ACTIVE,
    )
    op.create_index(
        "ix_availabilities_match_price",
        "availabilities",
        ["tenant_id", "commodity_id", "price_per_base"],
        schema=SCHEMA,
        postgresql_where=ACTIVE,
    )
    op.drop_column("availabilities", "match_strip", schema=SCHEMA)
    for shadow in SHADOWS:
        op.drop_column("availabilities", shadow, schema=SCHEMA)
