"""Column helpers for migrations whose rows belong to a parent row of the same schema.

What these emit belongs to migrations that have already run: add new functions, never change these.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def owned_by_partner(op: Any, schema: str, table: str, *, cascade: bool = True) -> tuple[Any, Any, Any]:
    """``tenant_id`` and ``partner_id`` of a row owned by a partner of ``schema``."""
    return (
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            [f"{schema}.partners.id"],
            name=op.f(f"fk_{table}_partner_id_partners"),
            ondelete="CASCADE" if cascade else None,
        ),
    )


def named_check(op: Any, table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))
