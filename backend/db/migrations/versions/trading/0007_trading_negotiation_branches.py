"""trading: the tenant's branches holding each party, frozen on the negotiation

Revision ID: 0007_trading
Revises: 0006_trading
Create Date: 2026-11-29

Like a trade, a negotiation names the branches holding its buyer's and seller's relationships when
it starts, so staff limited to branches see and act on the negotiations of their branches only.
Negotiations started before this revision stay at tenant level (NULL): branch-unlimited staff and
the parties' own users still see them.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from backend.db.migrations.party_branches import add_party_branches, drop_party_branches

revision: str = "0007_trading"
down_revision: str | Sequence[str] | None = "0006_trading"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "trading"


def upgrade() -> None:
    add_party_branches(op, SCHEMA, "negotiations")


def downgrade() -> None:
    drop_party_branches(op, SCHEMA, "negotiations")
