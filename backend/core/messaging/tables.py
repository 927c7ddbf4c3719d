"""Outbox and inbox tables, one pair in every context's schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

PENDING = "pending"
SENT = "sent"
DEAD = "dead"


def outbox_table(metadata: MetaData, schema: str) -> Table:
    """Events written in the same transaction as the state change they describe."""
    return Table(
        "outbox",
        metadata,
        Column("seq", BigInteger, Identity(always=True), primary_key=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("wire_name", String(200), nullable=False),
        Column("aggregate_type", String(100), nullable=False),
        Column("aggregate_id", String(100), nullable=False),
        Column("payload", JSONB, nullable=False),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("correlation_id", String(100), nullable=True),
        Column("causation_id", String(100), nullable=True),
        Column("tenant_id", String(64), nullable=True),
        Column("actor_id", String(64), nullable=True),
        Column("traceparent", String(128), nullable=True),
        Column("status", String(16), nullable=False, server_default=text("'pending'")),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("available_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("sent_at", DateTime(timezone=True), nullable=True),
        Column("last_error", Text, nullable=True),
        Index(
            "ix_outbox_pending",
            "available_at",
            "seq",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_outbox_aggregate_pending", "aggregate_id", "seq", postgresql_where=text("status = 'pending'")),
        schema=schema,
    )


def inbox_table(metadata: MetaData, schema: str) -> Table:
    """Event ids a consumer of this context has handled, so redelivery does nothing."""
    return Table(
        "inbox",
        metadata,
        Column("event_id", Uuid, nullable=False),
        Column("consumer", String(200), nullable=False),
        Column("wire_name", String(200), nullable=False),
        Column("handled_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("event_id", "consumer"),
        schema=schema,
    )
