"""risk: a trade record keeps the buyer's and the seller's branch

Revision ID: 0004_risk
Revises: 0003_risk
Create Date: 2026-11-29

Positions now count the buyer's side long in the branch holding the buyer and the seller's side
short in the branch holding the seller, so a record must remember both to reverse or revalue them.
The single ``branch_id`` held both sides until now: it becomes the buyer's branch and is copied to
the seller's.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_risk"
down_revision: str | Sequence[str] | None = "0003_risk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "risk"
TABLE = "trade_records"


def upgrade() -> None:
    op.alter_column(TABLE, "branch_id", new_column_name="buyer_branch_id", schema=SCHEMA)
    op.add_column(TABLE, sa.Column("seller_branch_id", sa.Uuid(), nullable=True), schema=SCHEMA)
    op.execute(f"UPDATE {SCHEMA}.{TABLE} SET seller_branch_id = buyer_branch_id")


def downgrade() -> None:
    # a trade between two branches goes back to the buyer's: the one column cannot hold both
    op.drop_column(TABLE, "seller_branch_id", schema=SCHEMA)
    op.alter_column(TABLE, "buyer_branch_id", new_column_name="branch_id", schema=SCHEMA)
