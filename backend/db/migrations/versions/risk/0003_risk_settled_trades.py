"""risk: a trade record may be settled (finance heard it paid in full)

Revision ID: 0003_risk
Revises: 0002_risk
Create Date: 2026-11-30

A settled trade still stands (positions count it; a cancellation or an amendment still applies) but
no longer counts as unsettled against circular trading; a reversed payment or an amendment that
leaves something owed reopens it. Its ``closed_at`` is when it settled, so ``closed_dated`` holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003_risk"
down_revision: str | Sequence[str] | None = "0002_risk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "risk"
TABLE = "trade_records"
NAME = "ck_trade_records_status_known"


def _status_check(statuses: str) -> None:
    op.drop_constraint(op.f(NAME), TABLE, schema=SCHEMA, type_="check")
    op.create_check_constraint(op.f(NAME), TABLE, f"status IN ({statuses})", schema=SCHEMA)


def upgrade() -> None:
    _status_check("'open', 'settled', 'cancelled'")


def downgrade() -> None:
    # a settled trade was an open one before this revision: unsettled again, its settlement forgotten
    op.execute(f"UPDATE {SCHEMA}.{TABLE} SET status = 'open', closed_at = NULL WHERE status = 'settled'")
    _status_check("'open', 'cancelled'")
