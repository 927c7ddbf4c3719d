"""The ``commodities`` schema: the master rows, their children, and the context's outbox/inbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.messaging.tables import inbox_table, outbox_table
from backend.db.metadata import Base, metadata

SCHEMA = "commodities"

CATEGORY_VALUES = (
    "fibre",
    "softs",
    "oilseeds",
    "grains",
    "pulses",
    "spices",
    "base_metals",
    "precious_metals",
    "energy",
    "other",
)
_CATEGORIES_SQL = ", ".join(f"'{value}'" for value in CATEGORY_VALUES)


class CommodityRow(Base):
    __tablename__ = "commodities"
    __table_args__ = (
        CheckConstraint("gst_rate >= 0 AND gst_rate <= 100", name="gst_rate_percent"),
        CheckConstraint("code = upper(code)", name="code_upper_case"),
        CheckConstraint(f"category IN ({_CATEGORIES_SQL})", name="category_known"),
        CheckConstraint("version >= 1", name="version_positive"),
        # one code space: a tenant's private code may not repeat a global (NULL tenant) one
        UniqueConstraint("tenant_id", "code", postgresql_nulls_not_distinct=True),
        {"schema": SCHEMA},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)  # None: global, platform-managed
    # byte order ("C"): pages follow the same order on every server, whatever its locale
    code: Mapped[str] = mapped_column(String(32, collation="C"))
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(32))
    hsn_code: Mapped[str] = mapped_column(String(8))
    gst_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    base_unit: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    units: Mapped[list[UnitRow]] = relationship(lazy="raise", cascade="all, delete-orphan", order_by="UnitRow.position")
    quality_parameters: Mapped[list[QualityParameterRow]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="QualityParameterRow.position"
    )
    varieties: Mapped[list[VarietyRow]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="VarietyRow.position"
    )

    # the aggregate sets the next version itself; the UPDATE still checks the previous one
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class UnitRow(Base):
    __tablename__ = "commodity_units"
    __table_args__ = (
        CheckConstraint("factor > 0", name="factor_positive"),
        {"schema": SCHEMA},
    )

    tenant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    commodity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey(f"{SCHEMA}.commodities.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    factor: Mapped[Decimal] = mapped_column(Numeric)
    position: Mapped[int] = mapped_column(Integer)


class QualityParameterRow(Base):
    __tablename__ = "quality_parameters"
    __table_args__ = (
        CheckConstraint("kind IN ('numeric', 'range', 'enum')", name="kind_known"),
        CheckConstraint("min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="bounds_ordered"),
        {"schema": SCHEMA},
    )

    tenant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    commodity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey(f"{SCHEMA}.commodities.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    min_value: Mapped[Decimal | None] = mapped_column(Numeric)
    max_value: Mapped[Decimal | None] = mapped_column(Numeric)
    allowed_values: Mapped[list[str]] = mapped_column(ARRAY(Text))
    mandatory: Mapped[bool] = mapped_column(Boolean)
    position: Mapped[int] = mapped_column(Integer)


class VarietyRow(Base):
    __tablename__ = "varieties"
    __table_args__ = ({"schema": SCHEMA},)

    tenant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    commodity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey(f"{SCHEMA}.commodities.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


outbox = outbox_table(metadata, SCHEMA)
inbox = inbox_table(metadata, SCHEMA)
