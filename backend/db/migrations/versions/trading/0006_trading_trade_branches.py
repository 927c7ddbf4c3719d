"""trading: the tenant's branches holding each party, frozen on the trade

Revision ID: 0006_trading
Revises: 0005_trading
Create Date: 2026-11-29

A trade is booked in the branches that hold the buyer's and the seller's relationships (the
partners' owning branches at booking time): risk keeps the buyer's side long in the first and the
seller's side short in the second. Trades booked before this revision stay at tenant level (NULL).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from backend.db.migrations.party_branches import add_party_branches, drop_party_branches

revision: str = "0006_trading"
down_revision: str | Sequence[str] | None = "0005_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"


def upgrade() -> None:
    add_party_branches(op, SCHEMA, "trades")


def downgrade() -> None:
    drop_party_branches(op, SCHEMA, "trades")
