"""The ``risk`` schema: credit limits and their changes, exposures and their open trades, positions,
the trade records they were built from, and the context's outbox/inbox.

Every table carries ``tenant_id`` for row-level security; rows about one partner carry its
``partner_id`` too, so a partner user's scope sees its own partner only. Amounts and quantities
can never go negative (CHECK constraints, as in the domain).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

from backend.core.messaging.tables import inbox_table, outbox_table
from backend.db.metadata import metadata
from backend.modules.risk.application.trade_records import TradeRecordStatus
from backend.modules.risk.domain.enums import Band, ChangeStatus, CreditSource
from backend.modules.risk.domain.reservations import ReservationStatus

SCHEMA = "risk"


def one_of(column: str, values: type[StrEnum]) -> str:
    listed = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({listed})"


def _not_negative(*columns: str) -> list[CheckConstraint]:
    return [CheckConstraint(f"{c} >= 0", name=f"{c}_not_negative") for c in columns]


def _currency() -> CheckConstraint:
    return CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso")


credit_limits = Table(
    "credit_limits",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("partner_id", Uuid, nullable=False),
    Column("amount", Numeric, nullable=True),  # null: no limit recorded, which means no credit
    Column("currency", String(3), nullable=False),
    Column("source", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant_id", "partner_id"),
    CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
    CheckConstraint(one_of("source", CreditSource), name="source_known"),
    CheckConstraint("version >= 1", name="version_positive"),
    _currency(),
    schema=SCHEMA,
)

credit_limit_changes = Table(
    "credit_limit_changes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("credit_limit_id", ForeignKey(f"{SCHEMA}.credit_limits.id", ondelete="CASCADE"), nullable=False),
    Column("tenant_id", Uuid, nullable=False),
    Column("partner_id", Uuid, nullable=False),
    Column("position", Integer, nullable=False),  # order in the history
    Column("source", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("old_amount", Numeric, nullable=True),
    Column("new_amount", Numeric, nullable=True),
    Column("requested_by", Uuid, nullable=True),
    Column("reason", Text, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", Uuid, nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("decision_note", Text, nullable=True),
    UniqueConstraint("credit_limit_id", "position"),
    CheckConstraint("old_amount IS NULL OR old_amount >= 0", name="old_amount_not_negative"),
    CheckConstraint("new_amount IS NULL OR new_amount >= 0", name="new_amount_not_negative"),
    CheckConstraint(one_of("source", CreditSource), name="source_known"),
    CheckConstraint(one_of("status", ChangeStatus), name="status_known"),
    CheckConstraint("status = 'pending' OR decided_at IS NOT NULL", name="decision_dated"),
    # one change at a time waits for a checker
    Index(
        "uq_credit_limit_changes_one_pending",
        "credit_limit_id",
        unique=True,
        postgresql_where=text("status = 'pending'"),
    ),
    schema=SCHEMA,
)

exposures = Table(
    "exposures",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("partner_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("band", String(16), nullable=False),  # the band last published
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant_id", "partner_id", "currency"),
    CheckConstraint(one_of("band", Band), name="band_known"),
    CheckConstraint("version >= 1", name="version_positive"),
    _currency(),
    schema=SCHEMA,
)

exposure_trades = Table(
    "exposure_trades",
    metadata,
    Column("exposure_id", ForeignKey(f"{SCHEMA}.exposures.id", ondelete="CASCADE"), nullable=False),
    Column("trade_id", Uuid, nullable=False),
    Column("tenant_id", Uuid, nullable=False),
    Column("partner_id", Uuid, nullable=False),
    Column("amount", Numeric, nullable=False),  # what the buyer is invoiced: trade amount plus GST
    Column("paid", Numeric, nullable=False),
    PrimaryKeyConstraint("exposure_id", "trade_id"),
    *_not_negative("amount", "paid"),
    schema=SCHEMA,
)

positions = Table(
    "positions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=True),  # null: booked at tenant level
    Column("commodity_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("unit", String(16), nullable=False),  # the commodity's base unit
    Column("long_quantity", Numeric, nullable=False),
    Column("long_value", Numeric, nullable=False),
    Column("short_quantity", Numeric, nullable=False),
    Column("short_value", Numeric, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant_id", "branch_id", "commodity_id", "currency", postgresql_nulls_not_distinct=True),
    *_not_negative("long_quantity", "long_value", "short_quantity", "short_value"),
    CheckConstraint("version >= 1", name="version_positive"),
    _currency(),
    schema=SCHEMA,
)

trade_records = Table(
    "trade_records",
    metadata,
    Column("trade_id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("trade_number", String(40), nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("commodity_id", Uuid, nullable=False),
    Column("buyer_branch_id", Uuid, nullable=True),  # the buyer's side is long here
    Column("seller_branch_id", Uuid, nullable=True),  # and the seller's short here
    Column("quantity", Numeric, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("price", Numeric, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", Numeric, nullable=False),
    Column("tax", Numeric, nullable=False),
    Column("status", String(16), nullable=False),
    Column("confirmed_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    *_not_negative("quantity", "price", "amount", "tax"),
    CheckConstraint(one_of("status", TradeRecordStatus), name="status_known"),
    CheckConstraint("(status = 'open') = (closed_at IS NULL)", name="closed_dated"),
    _currency(),
    Index("ix_trade_records_open_buyer", "buyer_partner_id", postgresql_where=text("status = 'open'")),
    Index("ix_trade_records_open_seller", "seller_partner_id", postgresql_where=text("status = 'open'")),
    schema=SCHEMA,
)

credit_reservations = Table(
    "credit_reservations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("partner_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount", Numeric, nullable=False),
    Column("reference", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("trade_id", Uuid, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    *_not_negative("amount"),
    CheckConstraint(one_of("status", ReservationStatus), name="status_known"),
    CheckConstraint("(status = 'active') = (closed_at IS NULL)", name="closed_dated"),
    CheckConstraint("(status = 'consumed') = (trade_id IS NOT NULL)", name="consumed_by_trade"),
    _currency(),
    # what the credit check sums under the exposure lock: the buyer's active reservations
    Index("ix_credit_reservations_active", "partner_id", "currency", postgresql_where=text("status = 'active'")),
    schema=SCHEMA,
)

outbox = outbox_table(metadata, SCHEMA)
inbox = inbox_table(metadata, SCHEMA)
