"""trading: the tenant's branch holding a posting's partner, frozen on the posting

Revision ID: 0008_trading
Revises: 0007_trading
Create Date: 2026-11-29

Staff limited to branches see, publish, cancel and match the postings of partners held in their
branches. The branch is the one holding the partner when it posted; postings made before this
revision stay at tenant level (NULL): branch-unlimited staff and the partner's own users see them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_trading"
down_revision: str | Sequence[str] | None = "0007_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"
TABLES = ("availabilities", "requirements")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("branch_id", sa.Uuid(), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "branch_id", schema=SCHEMA)
