"""trading: the commodity on the negotiation

Revision ID: 0009_trading
Revises: 0008_trading
Create Date: 2026-11-29

Staff whose grants are limited to commodities see and act on the deals of those commodities only;
trades and postings carry their commodity, negotiations now too: the availability's, filled in here
for the negotiations that exist (a negotiation's match, and so its availability, always exists).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_trading"
down_revision: str | Sequence[str] | None = "0008_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"


def upgrade() -> None:
    op.add_column("negotiations", sa.Column("commodity_id", sa.Uuid(), nullable=True), schema=SCHEMA)
    op.execute(
        f"UPDATE {SCHEMA}.negotiations AS n SET commodity_id = a.commodity_id"
        f" FROM {SCHEMA}.availabilities AS a WHERE a.id = n.availability_id"
    )


def downgrade() -> None:
    op.drop_column("negotiations", "commodity_id", schema=SCHEMA)
