"""The ``finance`` schema: receivables (one per trade), the payments received against them, and the
context's outbox/inbox.

Every table carries ``tenant_id`` for row-level security; neither is visible to a partner user's
scope (the tenant's books are its staff's business). Amounts never go negative and payments are
above zero (CHECK constraints, as in the domain); a payment reference is unique within a tenant.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from backend.core.messaging.tables import inbox_table, outbox_table
from backend.db.metadata import metadata
from backend.modules.finance.domain.enums import PaymentMethod, ReceivableStatus

SCHEMA = "finance"


def one_of(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(member.value) for member in values)})"


receivables = Table(
    "receivables",
    metadata,
    Column("trade_id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("trade_number", String(40), nullable=False),
    Column("payer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=True),  # null: booked at tenant level
    Column("commodity_id", Uuid, nullable=True),  # the trade's (0002); null on receivables opened before
    Column("currency", String(3), nullable=False),
    Column("invoice_amount", Numeric, nullable=False),  # trade amount plus GST
    Column("terms_version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("settled_at", DateTime(timezone=True), nullable=True),
    Column("cancelled_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("invoice_amount >= 0", name="invoice_amount_not_negative"),
    CheckConstraint(one_of("status", ReceivableStatus), name="status_known"),
    CheckConstraint("(status = 'cancelled') = (cancelled_at IS NOT NULL)", name="cancel_dated"),
    CheckConstraint("status <> 'settled' OR settled_at IS NOT NULL", name="settle_dated"),
    CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso"),
    CheckConstraint("version >= 1", name="version_positive"),
    # the list: newest first within a tenant
    Index("ix_receivables_tenant_opened", "tenant_id", "opened_at", "trade_id"),
    Index("ix_receivables_payer", "payer_partner_id"),
    schema=SCHEMA,
)

payments = Table(
    "payments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("trade_id", ForeignKey(f"{SCHEMA}.receivables.trade_id", ondelete="CASCADE"), nullable=False),
    Column("tenant_id", Uuid, nullable=False),
    Column("position", Integer, nullable=False),  # order recorded within the receivable
    Column("amount", Numeric, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("method", String(16), nullable=False),
    Column("reference", String(64), nullable=False),  # bank UTR, cheque or receipt number, upper case
    Column("recorded_by", Uuid, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("reversed_by", Uuid, nullable=True),
    Column("reversed_at", DateTime(timezone=True), nullable=True),
    Column("reversal_reason", Text, nullable=True),
    UniqueConstraint("tenant_id", "reference"),
    UniqueConstraint("trade_id", "position"),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint(one_of("method", PaymentMethod), name="method_known"),
    CheckConstraint(
        "(reversed_at IS NULL) = (reversed_by IS NULL) AND (reversed_at IS NULL) = (reversal_reason IS NULL)",
        name="reversal_complete",
    ),
    schema=SCHEMA,
)

outbox = outbox_table(metadata, SCHEMA)
inbox = inbox_table(metadata, SCHEMA)
