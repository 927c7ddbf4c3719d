"""finance: the commodity on the receivable

Revision ID: 0002_finance
Revises: 0001_finance
Create Date: 2026-11-29

Grants limited to commodities see the receivables of those commodities only, so a receivable keeps
its trade's commodity (from ``trading.trade_confirmed.v1``). Receivables opened before this revision
keep none (NULL): only a grant without a commodity limit reaches them, since finance does not read
another context's tables to fill them in.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_finance"
down_revision: str | Sequence[str] | None = "0001_finance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "finance"


def upgrade() -> None:
    op.add_column("receivables", sa.Column("commodity_id", sa.Uuid(), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("receivables", "commodity_id", schema=SCHEMA)
