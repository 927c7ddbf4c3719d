"""The ``trading`` schema's amendment tables: every version of a trade's terms, and the amendments
that produced them (pending, approved or rejected).

``trades`` keeps the current terms for reads and lists; ``trade_terms_versions`` keeps them all,
version 1 being the terms as booked. Both tables carry the parties' ids so row-level security
(migration ``0004_trading``) needs no join.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from backend.db.metadata import metadata
from backend.modules.trading.domain.enums import AmendmentStatus, Side
from backend.modules.trading.infrastructure.tables import SCHEMA, one_of

trade_terms_versions = Table(
    "trade_terms_versions",
    metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("trade_id", Uuid, ForeignKey(f"{SCHEMA}.trades.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("quantity", Numeric, nullable=False),
    Column("price", Numeric, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_unit", String(20), nullable=False),
    Column("price_factor", Numeric, nullable=False),
    Column("amount", Numeric, nullable=False),
    Column("gst_rate", Numeric, nullable=False),
    Column("tax_regime", String(20), nullable=False),
    Column("cgst", Numeric, nullable=False),
    Column("sgst", Numeric, nullable=False),
    Column("igst", Numeric, nullable=False),
    Column("delivery_date", Date, nullable=True),
    Column("ship_to", JSONB, nullable=False),
    Column("bill_to", JSONB, nullable=False),
    Column("ship_from", JSONB, nullable=False),
    Column("effective_at", DateTime(timezone=True), nullable=False),
    Column("amendment_id", Uuid, nullable=True),  # None: the terms as booked
    PrimaryKeyConstraint("trade_id", "version"),
    CheckConstraint("version >= 1", name="version_positive"),
    CheckConstraint("quantity > 0 AND price > 0 AND price_factor > 0", name="quantity_and_price_positive"),
    CheckConstraint("amount >= 0 AND cgst >= 0 AND sgst >= 0 AND igst >= 0", name="amounts_not_negative"),
    schema=SCHEMA,
)

trade_amendments = Table(
    "trade_amendments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("trade_id", Uuid, ForeignKey(f"{SCHEMA}.trades.id", ondelete="CASCADE"), nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("requested_by", String(10), nullable=False),  # the side
    Column("changes", JSONB, nullable=False),  # the new values asked for; absent keys keep theirs
    Column("fields", JSONB, nullable=False),  # the names of the fields it changes
    Column("reason", Text, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("terms_version", Integer, nullable=True),  # the version it produced, once approved
    CheckConstraint(one_of("status", AmendmentStatus), name="status_known"),
    CheckConstraint(one_of("requested_by", Side), name="requested_by_known"),
    Index("ix_trade_amendments_trade", "trade_id", "requested_at"),
    schema=SCHEMA,
)
