"""The branches holding a deal's buyer and seller, frozen on the deal's row (trading's trades and
negotiations).

What these emit belongs to migrations that have already run: add new functions, never change these.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

COLUMNS = ("buyer_branch_id", "seller_branch_id")


def add_party_branches(op: Any, schema: str, table: str) -> None:
    """Two nullable columns: rows written before them stay at tenant level (NULL)."""
    for name in COLUMNS:
        op.add_column(table, sa.Column(name, sa.Uuid(), nullable=True), schema=schema)


def drop_party_branches(op: Any, schema: str, table: str) -> None:
    for name in reversed(COLUMNS):
        op.drop_column(table, name, schema=schema)
