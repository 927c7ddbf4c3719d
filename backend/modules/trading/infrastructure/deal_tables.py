"""The ``trading`` schema's deal tables: negotiations and their offers, trades, trade numbers, and
each trade's status history.

A partner user sees a negotiation, offer or trade only when its partner is the buyer or the seller
(row-level security, migration ``0003_trading``); offers and history rows carry both partner ids so
the policy needs no join. ``trade_sequences`` hands out gap-free ``TR-<year>-<sequence>`` numbers
per tenant: the row is upserted and stays locked inside the booking transaction.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
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
from sqlalchemy.dialects.postgresql import JSONB

from backend.db.metadata import metadata
from backend.modules.trading.domain.enums import NegotiationStatus, OfferStatus, Side, TradeStatus
from backend.modules.trading.infrastructure.tables import SCHEMA, one_of

negotiations = Table(
    "negotiations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("match_id", Uuid, ForeignKey(f"{SCHEMA}.matches.id", ondelete="CASCADE"), nullable=False),
    Column("requirement_id", Uuid, nullable=False),
    Column("availability_id", Uuid, nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("started_by", String(10), nullable=False),
    Column("listed_price", Numeric, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_unit", String(20), nullable=False),
    Column("price_factor", Numeric, nullable=False),
    Column("unit", String(20), nullable=False),
    Column("limits", JSONB, nullable=False),  # fixed price and quantity bounds when it started
    Column("idle_timeout_seconds", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("last_activity_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Column("end_reason", Text, nullable=True),
    Column("buyer_branch_id", Uuid, nullable=True),  # the tenant's branches holding each party, frozen
    Column("seller_branch_id", Uuid, nullable=True),
    Column("commodity_id", Uuid, nullable=True),  # the availability's (0009), for commodity-limited grants
    Column("version", Integer, nullable=False),
    UniqueConstraint("match_id", name="uq_negotiations_match_id"),  # one negotiation per match
    CheckConstraint(one_of("status", NegotiationStatus), name="status_known"),
    CheckConstraint(one_of("started_by", Side), name="started_by_known"),
    CheckConstraint("idle_timeout_seconds > 0", name="idle_timeout_positive"),
    Index("ix_negotiations_buyer", "tenant_id", "buyer_partner_id", "started_at"),
    Index("ix_negotiations_seller", "tenant_id", "seller_partner_id", "started_at"),
    Index("ix_negotiations_idle", "last_activity_at", postgresql_where=text("status = 'open'")),
    schema=SCHEMA,
)

offers = Table(
    "offers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("negotiation_id", Uuid, ForeignKey(f"{SCHEMA}.negotiations.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # 1, 2, ... in the order made
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("side", String(10), nullable=False),
    Column("by_partner_id", Uuid, nullable=False),
    Column("price", Numeric, nullable=False),
    Column("quantity", Numeric, nullable=False),
    Column("payment_terms", Text, nullable=False),
    Column("delivery_terms", Text, nullable=False),
    Column("delivery_date", Date, nullable=True),
    Column("notes", Text, nullable=True),
    Column("made_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    UniqueConstraint("negotiation_id", "position", name="uq_offers_negotiation_id"),
    CheckConstraint("price > 0 AND quantity > 0", name="price_and_quantity_positive"),
    CheckConstraint(one_of("status", OfferStatus), name="status_known"),
    CheckConstraint(one_of("side", Side), name="side_known"),
    schema=SCHEMA,
)

trades = Table(
    "trades",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("number", String(20), nullable=False),
    Column("commodity_id", Uuid, nullable=False),
    Column("negotiation_id", Uuid, ForeignKey(f"{SCHEMA}.negotiations.id"), nullable=False),
    Column("match_id", Uuid, nullable=False),
    Column("requirement_id", Uuid, nullable=False),
    Column("availability_id", Uuid, nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("unit", String(20), nullable=False),
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
    Column("payment_terms", Text, nullable=False),
    Column("delivery_terms", Text, nullable=False),
    Column("ship_to", JSONB, nullable=False),  # address snapshots, frozen at booking
    Column("bill_to", JSONB, nullable=False),
    Column("ship_from", JSONB, nullable=False),
    Column("terms_version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("buyer_branch_id", Uuid, nullable=True),  # the tenant's branches holding each party, frozen
    Column("seller_branch_id", Uuid, nullable=True),
    UniqueConstraint("tenant_id", "number", name="uq_trades_tenant_id"),
    UniqueConstraint("negotiation_id", name="uq_trades_negotiation_id"),
    CheckConstraint("quantity > 0 AND price > 0 AND price_factor > 0", name="quantity_and_price_positive"),
    CheckConstraint("amount >= 0 AND cgst >= 0 AND sgst >= 0 AND igst >= 0", name="amounts_not_negative"),
    CheckConstraint("gst_rate >= 0 AND gst_rate <= 100", name="gst_rate_percentage"),
    CheckConstraint("tax_regime IN ('intra_state', 'inter_state', 'outside_gst')", name="tax_regime_known"),
    CheckConstraint(one_of("status", TradeStatus), name="status_known"),
    Index("ix_trades_buyer", "tenant_id", "buyer_partner_id", "created_at", "id"),
    Index("ix_trades_seller", "tenant_id", "seller_partner_id", "created_at", "id"),
    Index("ix_trades_created", "tenant_id", "created_at", "id"),
    schema=SCHEMA,
)

trade_sequences = Table(
    "trade_sequences",
    metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("year", Integer, nullable=False),
    Column("last_value", Integer, nullable=False),  # the sequence of the tenant's last trade that year
    PrimaryKeyConstraint("tenant_id", "year"),
    CheckConstraint("last_value >= 1", name="last_value_positive"),
    schema=SCHEMA,
)

trade_status_history = Table(
    "trade_status_history",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("trade_id", Uuid, ForeignKey(f"{SCHEMA}.trades.id", ondelete="CASCADE"), nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("from_status", String(20), nullable=True),  # None: the booking
    Column("to_status", String(20), nullable=False),
    Column("changed_by", Uuid, nullable=False),  # the user
    Column("reason", Text, nullable=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(one_of("to_status", TradeStatus), name="to_status_known"),
    Index("ix_trade_status_history_trade", "trade_id", "id"),
    schema=SCHEMA,
)
