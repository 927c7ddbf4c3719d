"""identity: per-tenant data residency, locale and request quota

Revision ID: 0003_identity
Revises: 0002_identity
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_identity"
down_revision: str | Sequence[str] | None = "0002_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    sa.Column("region", sa.String(length=16), server_default=sa.text("'in'"), nullable=False),
    sa.Column("locale", sa.String(length=16), server_default=sa.text("'en-IN'"), nullable=False),
    sa.Column("requests_per_minute", sa.Integer(), server_default=sa.text("1200"), nullable=False),
    sa.Column("burst", sa.Integer(), server_default=sa.text("200"), nullable=False),
)


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("tenants", column, schema="identity")


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_column("tenants", column.name, schema="identity")
