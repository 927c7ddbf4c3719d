"""commodities outbox: the envelope's causation, tenant, actor and trace context

Revision ID: 0003_commodities
Revises: 0002_commodities
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from backend.db.migrations.envelope_columns import add_envelope_columns, drop_envelope_columns

revision: str = "0003_commodities"
down_revision: str | Sequence[str] | None = "0002_commodities"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_envelope_columns(op, "commodities")


def downgrade() -> None:
    drop_envelope_columns(op, "commodities")
