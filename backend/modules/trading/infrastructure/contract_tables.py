"""The ``trading`` schema's contract tables: each rendered version of a trade's contract (HTML, the
PDF that is signed, and the PDF's SHA-256) and the parties' signatures on it.

At most one version per trade is not superseded (a partial unique index). Rows carry the parties'
ids so row-level security (migration ``0004_trading``) needs no join.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

from backend.db.metadata import metadata
from backend.modules.trading.domain.enums import ContractStatus, Side, SignatureTier
from backend.modules.trading.infrastructure.tables import SCHEMA, one_of

contracts = Table(
    "contracts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("trade_id", Uuid, ForeignKey(f"{SCHEMA}.trades.id", ondelete="CASCADE"), nullable=False),
    Column("trade_number", String(20), nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("contract_version", Integer, nullable=False),
    Column("terms_version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("required_tier", String(10), nullable=False),
    Column("template", String(100), nullable=False),  # the template file it was rendered from
    Column("html", Text, nullable=False),
    Column("pdf", LargeBinary, nullable=False),  # the signed document
    Column("sha256", String(64), nullable=False),  # of ``pdf``, lower-case hex
    Column("superseded_by", Uuid, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("trade_id", "contract_version", name="uq_contracts_trade_id"),
    CheckConstraint("contract_version >= 1 AND terms_version >= 1", name="versions_positive"),
    CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    CheckConstraint(one_of("status", ContractStatus), name="status_known"),
    CheckConstraint(one_of("required_tier", SignatureTier), name="required_tier_known"),
    Index(
        "ix_contracts_current",
        "trade_id",
        unique=True,
        postgresql_where=text("status <> 'superseded'"),
    ),
    schema=SCHEMA,
)

contract_signatures = Table(
    "contract_signatures",
    metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("contract_id", Uuid, ForeignKey(f"{SCHEMA}.contracts.id", ondelete="CASCADE"), nullable=False),
    Column("side", String(10), nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("partner_id", Uuid, nullable=False),  # the party that signed
    Column("signer_user_id", Uuid, nullable=False),
    Column("tier", String(10), nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("ip_address", String(45), nullable=False),
    Column("document_sha256", String(64), nullable=False),
    Column("evidence", Text, nullable=True),  # the provider's reference
    PrimaryKeyConstraint("contract_id", "side"),
    CheckConstraint(one_of("side", Side), name="side_known"),
    CheckConstraint(one_of("tier", SignatureTier), name="tier_known"),
    schema=SCHEMA,
)
