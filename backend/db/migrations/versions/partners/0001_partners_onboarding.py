"""partners schema: partners and what they own, outbox, inbox; row-level security by tenant and,
for partner users, by partner

Revision ID: 0001_partners
Revises:
Create Date: 2026-11-29

Every table but the outbox and inbox (read by the relay across tenants, like every context's) has
row-level security: a row is visible when it belongs to the current tenant (or the platform is
acting) and, when the scope is an external user's, when it belongs to that user's partner.
The records kept about partners (amendments, evidence, counters) follow in 0002_partners.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.message_tables import create_outbox_and_inbox
from backend.db.migrations.owned_rows import named_check, owned_by_partner
from backend.db.migrations.row_security import (
    create_schema,
    drop_schema,
    enable_row_security,
    grant_to_app_role,
    partner_rule,
    revoke_from_app_role,
)

revision: str = "0001_partners"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("partners",)
depends_on: str | Sequence[str] | None = "0002_platform"

SCHEMA = "partners"
POLICIES = {
    "partners": partner_rule("id"),
    "tax_registrations": partner_rule("partner_id"),
    "locations": partner_rule("partner_id"),
    "bank_accounts": partner_rule("partner_id"),
    "documents": partner_rule("partner_id"),
    "contacts": partner_rule("partner_id"),
}
TABLES = (
    "inbox",
    "outbox",
    "contacts",
    "documents",
    "bank_accounts",
    "locations",
    "tax_registrations",
    "partners",
)  # in the order they can be dropped
STATUSES = "'draft', 'submitted', 'pending_review', 'approved', 'rejected', 'info_requested', 'suspended', 'inactive'"
LEGAL_FORMS = (
    "'proprietorship', 'partnership', 'llp', 'private_limited', 'public_limited', 'llc', 'corporation', 'trust',"
    " 'society', 'foreign_entity'"
)
PROVIDER_KINDS = "'broker', 'sub_broker', 'transporter', 'inspection_agency', 'financer', 'warehouse', 'shipping_agent'"
DOCUMENT_TYPES = (
    "'gst_certificate', 'pan_card', 'iec', 'cancelled_cheque', 'incorporation_certificate',"
    " 'foreign_tax_registration', 'import_export_licence'"
)
LOCATION_KINDS = "'head_office', 'branch', 'warehouse', 'factory', 'ship_to', 'bill_to', 'port'"


def _owned(table: str, *, cascade: bool = True) -> tuple[Any, Any, Any]:
    return owned_by_partner(op, SCHEMA, table, cascade=cascade)


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return named_check(op, table, name, condition)


def upgrade() -> None:
    create_schema(op, SCHEMA)
    _partners()
    _owned_entities()
    create_outbox_and_inbox(op, SCHEMA)
    _secure()


def _partners() -> None:
    op.create_table(
        "partners",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32, collation="C"), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("legal_name", sa.String(length=200), nullable=False),
        sa.Column("trade_name", sa.String(length=200), nullable=True),
        sa.Column(
            "legal_name_key",
            sa.String(length=200, collation="C"),
            sa.Computed("lower(legal_name)", persisted=True),
            nullable=False,
        ),
        sa.Column(
            "trade_name_key",
            sa.String(length=200, collation="C"),
            sa.Computed("lower(trade_name)", persisted=True),
            nullable=True,
        ),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("entity_class", sa.String(length=32), nullable=False),
        sa.Column("service_provider_kind", sa.String(length=32), nullable=True),
        sa.Column("legal_form", sa.String(length=32), nullable=False),
        sa.Column("trade_role", sa.String(length=16), nullable=False),
        sa.Column("pan", sa.String(length=10), nullable=True),
        sa.Column("registration_date", sa.Date(), nullable=True),
        sa.Column("annual_turnover", sa.Numeric(), nullable=True),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("master_partner_id", sa.Uuid(), nullable=True),
        sa.Column("has_quality_lab", sa.Boolean(), nullable=False),
        sa.Column("has_own_transport", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("kyc_status", sa.String(length=16), nullable=False),
        sa.Column("kyc_expires_on", sa.Date(), nullable=True),
        sa.Column("risk_score", sa.Integer(), nullable=True),
        sa.Column("risk_category", sa.String(length=16), nullable=True),
        sa.Column("score_explanation", postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), nullable=True),
        sa.Column("recommended_credit_limit", sa.Numeric(), nullable=True),
        sa.Column("override_capabilities", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("overridden_by", sa.Uuid(), nullable=True),
        sa.Column("overridden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _check("partners", "status_known", f"status IN ({STATUSES})"),
        _check("partners", "kyc_status_known", "kyc_status IN ('pending', 'verified', 'expired')"),
        _check("partners", "entity_class_known", "entity_class IN ('business_entity', 'service_provider')"),
        _check(
            "partners",
            "service_provider_kind_known",
            f"service_provider_kind IS NULL OR service_provider_kind IN ({PROVIDER_KINDS})",
        ),
        _check("partners", "legal_form_known", f"legal_form IN ({LEGAL_FORMS})"),
        _check("partners", "trade_role_known", "trade_role IN ('buyer', 'seller', 'both')"),
        _check(
            "partners",
            "risk_category_known",
            "risk_category IS NULL OR risk_category IN ('low', 'medium', 'high', 'critical')",
        ),
        _check("partners", "risk_score_percent", "risk_score IS NULL OR risk_score BETWEEN 0 AND 100"),
        _check("partners", "annual_turnover_not_negative", "annual_turnover IS NULL OR annual_turnover >= 0"),
        _check(
            "partners",
            "credit_limit_not_negative",
            "recommended_credit_limit IS NULL OR recommended_credit_limit >= 0",
        ),
        _check(
            "partners",
            "override_complete",
            "(override_capabilities IS NULL) = (override_reason IS NULL)"
            " AND (override_reason IS NULL) = (overridden_by IS NULL)"
            " AND (overridden_by IS NULL) = (overridden_at IS NULL)",
        ),
        _check("partners", "version_positive", "version >= 1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("tenant_id", "code", name="uq_partners_tenant_id_code"),
        schema=SCHEMA,
    )
    # prefix search on names: a range on the lower-cased byte-ordered keys (usable under row-level security)
    op.create_index("ix_partners_tenant_id_legal_name_key", "partners", ["tenant_id", "legal_name_key"], schema=SCHEMA)
    op.create_index("ix_partners_tenant_id_trade_name_key", "partners", ["tenant_id", "trade_name_key"], schema=SCHEMA)
    op.create_index("ix_partners_pan", "partners", ["pan"], schema=SCHEMA)
    op.create_index("ix_partners_tenant_id_status", "partners", ["tenant_id", "status"], schema=SCHEMA)
    op.create_index("ix_partners_tenant_id_kyc_expires_on", "partners", ["tenant_id", "kyc_expires_on"], schema=SCHEMA)
    op.create_index("ix_partners_tenant_id_branch_id", "partners", ["tenant_id", "branch_id"], schema=SCHEMA)


def _owned_entities() -> None:
    op.create_table(
        "tax_registrations",
        *_owned("tax_registrations"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        _check("tax_registrations", "kind_known", "kind IN ('gstin', 'ein', 'vat', 'other')"),
        sa.PrimaryKeyConstraint("partner_id", "position", name=op.f("pk_tax_registrations")),
        schema=SCHEMA,
    )
    op.create_index("ix_tax_registrations_number", "tax_registrations", ["number"], schema=SCHEMA)
    op.create_table(
        "locations",
        sa.Column("id", sa.Uuid(), nullable=False),
        *_owned("locations"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("line1", sa.String(length=200), nullable=False),
        sa.Column("line2", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=100), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=False),
        sa.Column("address_country", sa.String(length=2), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=True),
        sa.Column("gstin", sa.String(length=15), nullable=True),
        sa.Column("latitude", sa.Numeric(), nullable=True),
        sa.Column("longitude", sa.Numeric(), nullable=True),
        sa.Column("can_ship_from", sa.Boolean(), nullable=False),
        sa.Column("can_receive", sa.Boolean(), nullable=False),
        sa.Column("default_ship_from", sa.Boolean(), nullable=False),
        sa.Column("default_ship_to", sa.Boolean(), nullable=False),
        _check("locations", "kind_known", f"kind IN ({LOCATION_KINDS})"),
        _check("locations", "latitude_range", "latitude IS NULL OR latitude BETWEEN -90 AND 90"),
        _check("locations", "longitude_range", "longitude IS NULL OR longitude BETWEEN -180 AND 180"),
        _check("locations", "coordinates_complete", "(latitude IS NULL) = (longitude IS NULL)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_partners_locations_partner_id"), "locations", ["partner_id"], schema=SCHEMA)
    op.create_index("ix_locations_gstin", "locations", ["gstin"], schema=SCHEMA)
    op.create_index(
        "uq_locations_one_head_office",
        "locations",
        ["partner_id"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("kind = 'head_office'"),
    )
    op.create_table(
        "bank_accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        *_owned("bank_accounts"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("account_number", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("ifsc", sa.String(length=11), nullable=True),
        sa.Column("swift", sa.String(length=11), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_accounts")),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_partners_bank_accounts_partner_id"), "bank_accounts", ["partner_id"], schema=SCHEMA)
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        *_owned("documents"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("verified_by", sa.Uuid(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        _check("documents", "type_known", f"type IN ({DOCUMENT_TYPES})"),
        _check("documents", "sha256_hex", "sha256 ~ '^[0-9a-f]{64}$'"),
        _check("documents", "verification_complete", "(verified_by IS NULL) = (verified_at IS NULL)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_partners_documents_partner_id"), "documents", ["partner_id"], schema=SCHEMA)
    op.create_table(
        "contacts",
        sa.Column("id", sa.Uuid(), nullable=False),
        *_owned("contacts"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("mobile", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("designation", sa.String(length=120), nullable=True),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_partners_contacts_partner_id"), "contacts", ["partner_id"], schema=SCHEMA)


def _secure() -> None:
    grant_to_app_role(op, SCHEMA)
    enable_row_security(op, SCHEMA, POLICIES)


def downgrade() -> None:
    revoke_from_app_role(op, SCHEMA)
    drop_schema(op, SCHEMA, TABLES)
