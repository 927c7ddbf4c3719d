"""trading: quality values as numbers for the matching statement

Revision ID: 0005_trading
Revises: 0004_trading
Create Date: 2026-12-12

The score bound read every wanted quality parameter out of the ``quality`` JSONB and cast its text
to ``float8``, several times per candidate row: the most expensive part of the statement. Two stored
generated columns now hold the same values as numbers (the JSONB stays the source of truth):

- ``match_quality_names``: the parameter names, sorted (``COLLATE "C"``),
- ``match_quality``: two ``float8`` per name in that order, the low and the high of a measured value
  (a number is its own low and high), both NULL for a label.

The statement finds a parameter with ``array_position`` and reads two array elements, no parsing.
The covering index includes the two arrays instead of the JSONB (smaller entries, still index-only).
The functions are SQL-standard bodies (parsed once, no ``search_path`` lookup at run time) and
immutable, as a generated column requires.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_trading"
down_revision: str | Sequence[str] | None = "0004_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"
ACTIVE = sa.text("status = 'active'")
KEYS = ["tenant_id", "commodity_id", "match_strip", "match_latitude"]
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
    "match_longitude",
]
NAMES = f"""
CREATE FUNCTION {SCHEMA}.quality_names(quality jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(SELECT name FROM pg_catalog.jsonb_object_keys(quality) AS name ORDER BY name COLLATE "C")
"""
NUMBERS = f"""
CREATE FUNCTION {SCHEMA}.quality_numbers(quality jsonb) RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(
    SELECT bound.number
    FROM pg_catalog.jsonb_each(quality) AS item(name, value),
    LATERAL (VALUES
        (1, CASE WHEN item.value ? 'number' THEN (item.value ->> 'number')::double precision
                 WHEN item.value ? 'range' THEN (item.value -> 'range' ->> 0)::double precision END),
        (2, CASE WHEN item.value ? 'number' THEN (item.value ->> 'number')::double precision
                 WHEN item.value ? 'range' THEN (item.value -> 'range' ->> 1)::double precision END)
    ) AS bound(side, number)
    ORDER BY item.name COLLATE "C", bound.side
)
"""


def _index(covered: list[str]) -> None:
    op.create_index(
        "ix_availabilities_match",
        "availabilities",
        KEYS,
        schema=SCHEMA,
        postgresql_where=ACTIVE,
        postgresql_include=covered,
    )


def upgrade() -> None:
    op.execute(NAMES)
    op.execute(NUMBERS)
    op.add_column(
        "availabilities",
        sa.Column(
            "match_quality_names",
            postgresql.ARRAY(sa.Text()),
            sa.Computed(f"{SCHEMA}.quality_names(quality)", persisted=True),
            nullable=False,
        ),
        schema=SCHEMA,
    )
    op.add_column(
        "availabilities",
        sa.Column(
            "match_quality",
            postgresql.ARRAY(sa.Double()),
            sa.Computed(f"{SCHEMA}.quality_numbers(quality)", persisted=True),
            nullable=False,
        ),
        schema=SCHEMA,
    )
    op.drop_index("ix_availabilities_match", table_name="availabilities", schema=SCHEMA)
    _index([*COVERED, "match_quality_names", "match_quality"])


def downgrade() -> None:
    op.drop_index("ix_availabilities_match", table_name="availabilities", schema=SCHEMA)
    _index([*COVERED[:-1], "quality", "match_longitude"])
    op.drop_column("availabilities", "match_quality", schema=SCHEMA)
    op.drop_column("availabilities", "match_quality_names", schema=SCHEMA)
    op.execute(f"DROP FUNCTION {SCHEMA}.quality_numbers(jsonb)")
    op.execute(f"DROP FUNCTION {SCHEMA}.quality_names(jsonb)")
