"""Shared steps of the migrations that give every context's outbox the envelope's columns."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

COLUMNS = (("causation_id", 100), ("tenant_id", 64), ("actor_id", 64), ("traceparent", 128))


def add_envelope_columns(op: Any, schema: str) -> None:
    for name, length in COLUMNS:
        op.add_column("outbox", sa.Column(name, sa.String(length=length), nullable=True), schema=schema)


def drop_envelope_columns(op: Any, schema: str) -> None:
    for name, _ in COLUMNS:
        op.drop_column("outbox", name, schema=schema)
