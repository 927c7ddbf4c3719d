"""The ``partners`` schema: the partner rows and the entities it owns, and the context's outbox/inbox.

Every table carries ``tenant_id`` for row-level security, and every row owned by a partner its
``partner_id``, so an external user's scope sees its own partner only. Amendments, verification
evidence, document contents, KYC reminders and code counters live in ``record_tables``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.messaging.tables import inbox_table, outbox_table
from backend.db.metadata import Base, metadata
from backend.modules.partners.domain.enums import (
    DocumentType,
    EntityClass,
    KycStatus,
    LegalForm,
    LocationKind,
    PartnerStatus,
    RiskCategory,
    ServiceProviderKind,
    TaxKind,
    TradeRole,
)

SCHEMA = "partners"
PARTNER_FK = f"{SCHEMA}.partners.id"


def one_of(column: str, values: type[StrEnum], *, nullable: bool = False) -> str:
    """A CHECK that ``column`` holds one of the enum's values (the closed vocabularies of the domain)."""
    listed = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IS NULL OR {column} IN ({listed})" if nullable else f"{column} IN ({listed})"


def _owned_by_partner() -> Any:
    return mapped_column(ForeignKey(PARTNER_FK, ondelete="CASCADE"), index=True)


class PartnerRow(Base):
    __tablename__ = "partners"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code", name="uq_partners_tenant_id_code"),
        CheckConstraint(one_of("status", PartnerStatus), name="status_known"),
        CheckConstraint(one_of("kyc_status", KycStatus), name="kyc_status_known"),
        CheckConstraint(one_of("entity_class", EntityClass), name="entity_class_known"),
        CheckConstraint(
            one_of("service_provider_kind", ServiceProviderKind, nullable=True), name="service_provider_kind_known"
        ),
        CheckConstraint(one_of("legal_form", LegalForm), name="legal_form_known"),
        CheckConstraint(one_of("trade_role", TradeRole), name="trade_role_known"),
        CheckConstraint(one_of("risk_category", RiskCategory, nullable=True), name="risk_category_known"),
        CheckConstraint("risk_score IS NULL OR risk_score BETWEEN 0 AND 100", name="risk_score_percent"),
        CheckConstraint("annual_turnover IS NULL OR annual_turnover >= 0", name="annual_turnover_not_negative"),
        CheckConstraint(
            "recommended_credit_limit IS NULL OR recommended_credit_limit >= 0", name="credit_limit_not_negative"
        ),
        CheckConstraint(
            "(override_capabilities IS NULL) = (override_reason IS NULL)"
            " AND (override_reason IS NULL) = (overridden_by IS NULL)"
            " AND (overridden_by IS NULL) = (overridden_at IS NULL)",
            name="override_complete",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        {"schema": SCHEMA},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # byte order ("C"): keyset pages follow the same order on every server, whatever its locale
    code: Mapped[str] = mapped_column(String(32, collation="C"))
    branch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # the profile
    legal_name: Mapped[str] = mapped_column(String(200))
    trade_name: Mapped[str | None] = mapped_column(String(200))
    # lower-cased copies in byte order: a prefix search becomes a range on a plain index, which
    # row-level security lets the planner use (lower() and LIKE are not leakproof; < and >= are)
    legal_name_key: Mapped[str] = mapped_column(
        String(200, collation="C"), Computed("lower(legal_name)", persisted=True)
    )
    trade_name_key: Mapped[str | None] = mapped_column(
        String(200, collation="C"), Computed("lower(trade_name)", persisted=True)
    )
    country: Mapped[str] = mapped_column(String(2))
    entity_class: Mapped[str] = mapped_column(String(32))
    service_provider_kind: Mapped[str | None] = mapped_column(String(32))
    legal_form: Mapped[str] = mapped_column(String(32))
    trade_role: Mapped[str] = mapped_column(String(16))
    pan: Mapped[str | None] = mapped_column(String(10))
    registration_date: Mapped[date | None] = mapped_column(Date)
    annual_turnover: Mapped[Decimal | None] = mapped_column(Numeric)
    group_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    master_partner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    has_quality_lab: Mapped[bool] = mapped_column(Boolean)
    has_own_transport: Mapped[bool] = mapped_column(Boolean)
    # the workflow and KYC state
    status: Mapped[str] = mapped_column(String(16))
    status_reason: Mapped[str | None] = mapped_column(Text)
    kyc_status: Mapped[str] = mapped_column(String(16))
    kyc_expires_on: Mapped[date | None] = mapped_column(Date)
    risk_score: Mapped[int | None] = mapped_column(Integer)
    risk_category: Mapped[str | None] = mapped_column(String(16))
    # {"score", "category", "contributions": [{"rule", "points", "explanation"}]}: why the score is what it is
    score_explanation: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    recommended_credit_limit: Mapped[Decimal | None] = mapped_column(Numeric)
    override_capabilities: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    overridden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)

    tax_registrations: Mapped[list[TaxRegistrationRow]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="TaxRegistrationRow.position"
    )
    locations: Mapped[list[LocationRow]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="LocationRow.position"
    )
    bank_accounts: Mapped[list[BankAccountRow]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="BankAccountRow.position"
    )
    documents: Mapped[list[DocumentRow]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="DocumentRow.position"
    )
    contacts: Mapped[list[ContactRow]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ContactRow.position"
    )

    # the aggregate sets the next version itself; the UPDATE still checks the previous one
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


Index("ix_partners_tenant_id_legal_name_key", PartnerRow.tenant_id, PartnerRow.legal_name_key)
Index("ix_partners_tenant_id_trade_name_key", PartnerRow.tenant_id, PartnerRow.trade_name_key)
Index("ix_partners_pan", PartnerRow.pan)
Index("ix_partners_tenant_id_status", PartnerRow.tenant_id, PartnerRow.status)
Index("ix_partners_tenant_id_kyc_expires_on", PartnerRow.tenant_id, PartnerRow.kyc_expires_on)
Index("ix_partners_tenant_id_branch_id", PartnerRow.tenant_id, PartnerRow.branch_id)


class TaxRegistrationRow(Base):
    __tablename__ = "tax_registrations"
    __table_args__ = (
        CheckConstraint(one_of("kind", TaxKind), name="kind_known"),
        Index("ix_tax_registrations_number", "number"),
        {"schema": SCHEMA},
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(PARTNER_FK, ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(2))


class LocationRow(Base):
    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(one_of("kind", LocationKind), name="kind_known"),
        CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude_range"),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="coordinates_complete"),
        Index("ix_locations_gstin", "gstin"),
        # the aggregate keeps exactly one head office; the database refuses a second
        Index("uq_locations_one_head_office", "partner_id", unique=True, postgresql_where=text("kind = 'head_office'")),
        {"schema": SCHEMA},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    partner_id: Mapped[uuid.UUID] = _owned_by_partner()
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(20))
    address_country: Mapped[str] = mapped_column(String(2))
    state_code: Mapped[str | None] = mapped_column(String(2))
    gstin: Mapped[str | None] = mapped_column(String(15))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric)
    longitude: Mapped[Decimal | None] = mapped_column(Numeric)
    can_ship_from: Mapped[bool] = mapped_column(Boolean)
    can_receive: Mapped[bool] = mapped_column(Boolean)
    default_ship_from: Mapped[bool] = mapped_column(Boolean)
    default_ship_to: Mapped[bool] = mapped_column(Boolean)


class BankAccountRow(Base):
    __tablename__ = "bank_accounts"
    __table_args__ = ({"schema": SCHEMA},)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    partner_id: Mapped[uuid.UUID] = _owned_by_partner()
    position: Mapped[int] = mapped_column(Integer)
    holder_name: Mapped[str] = mapped_column(String(200))
    account_number: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(2))
    ifsc: Mapped[str | None] = mapped_column(String(11))
    swift: Mapped[str | None] = mapped_column(String(11))
    iban: Mapped[str | None] = mapped_column(String(34))
    is_primary: Mapped[bool] = mapped_column(Boolean)


class DocumentRow(Base):
    """What is known about an uploaded document; its bytes are in ``document_contents``."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(one_of("type", DocumentType), name="type_known"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
        CheckConstraint("(verified_by IS NULL) = (verified_at IS NULL)", name="verification_complete"),
        {"schema": SCHEMA},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    partner_id: Mapped[uuid.UUID] = _owned_by_partner()
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    number: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))
    verified_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ContactRow(Base):
    __tablename__ = "contacts"
    __table_args__ = ({"schema": SCHEMA},)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    partner_id: Mapped[uuid.UUID] = _owned_by_partner()
    position: Mapped[int] = mapped_column(Integer)
    full_name: Mapped[str] = mapped_column(String(200))
    mobile: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))
    designation: Mapped[str | None] = mapped_column(String(120))
    is_primary: Mapped[bool] = mapped_column(Boolean)


outbox = outbox_table(metadata, SCHEMA)
inbox = inbox_table(metadata, SCHEMA)
