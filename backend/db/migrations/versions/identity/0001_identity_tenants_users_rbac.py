"""identity schema: tenants, branches, users, RBAC, sessions, keys, audit, outbox

Revision ID: 0001_identity
Revises:
Create Date: 2026-11-29 05:57:43.255666
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_identity"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("identity",)
depends_on: str | Sequence[str] | None = "0002_platform"

SCHEMA = "identity"
APP_ROLE = "mandi_app"
TENANT = "tenant_id = platform.current_tenant_id() OR platform.is_platform()"
# partner users see only their own partner's rows
PARTNER = "platform.current_partner_id() IS NULL OR partner_id = platform.current_partner_id()"
POLICIES = {
    "tenants": "id = platform.current_tenant_id() OR platform.is_platform()",
    "branches": TENANT,
    "users": f"({TENANT}) AND ({PARTNER})",
    "roles": TENANT,
    "role_assignments": TENANT,
    "sod_constraints": TENANT,
    "audit_log": TENANT,
}


def upgrade() -> None:
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=True),
        sa.Column("subject_id", sa.String(length=64), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        schema="identity",
    )
    op.create_index("ix_audit_log_tenant_seq", "audit_log", ["tenant_id", "seq"], unique=False, schema="identity")
    op.create_table(
        "dev_messages",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dev_messages")),
        schema="identity",
    )
    op.create_index(
        op.f("ix_identity_dev_messages_recipient"), "dev_messages", ["recipient"], unique=False, schema="identity"
    )
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("wire_name", sa.String(length=200), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "consumer", name=op.f("pk_inbox")),
        schema="identity",
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
        schema="identity",
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("wire_name", sa.String(length=200), nullable=False),
        sa.Column("aggregate_type", sa.String(length=100), nullable=False),
        sa.Column("aggregate_id", sa.String(length=100), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("correlation_id", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
        schema="identity",
    )
    op.create_index(
        "ix_outbox_aggregate_pending",
        "outbox",
        ["aggregate_id", "seq"],
        unique=False,
        schema="identity",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_outbox_pending",
        "outbox",
        ["available_at", "seq"],
        unique=False,
        schema="identity",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "signing_keys",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("algorithm", sa.String(length=16), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("public_jwk", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('active', 'verifying', 'retired')", name=op.f("ck_signing_keys_status_known")),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_signing_keys")),
        schema="identity",
    )
    op.create_table(
        "tenants",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("base_currency", sa.String(length=3), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sub_user_limit", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'suspended')", name=op.f("ck_tenants_status_known")),
        sa.CheckConstraint("sub_user_limit >= 0", name=op.f("ck_tenants_sub_user_limit_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")),
        schema="identity",
    )
    op.create_table(
        "branches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("gstin", sa.String(length=15), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["identity.tenants.id"], name=op.f("fk_branches_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branches")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_branches_tenant_id")),
        schema="identity",
    )
    op.create_index(op.f("ix_identity_branches_tenant_id"), "branches", ["tenant_id"], unique=False, schema="identity")
    op.create_table(
        "roles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("permissions", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("inherits", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("system", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["identity.tenants.id"], name=op.f("fk_roles_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_roles_tenant_id")),
        schema="identity",
    )
    op.create_index(op.f("ix_identity_roles_tenant_id"), "roles", ["tenant_id"], unique=False, schema="identity")
    op.create_table(
        "sod_constraints",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("max_roles", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("max_roles >= 1", name=op.f("ck_sod_constraints_max_roles_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["identity.tenants.id"], name=op.f("fk_sod_constraints_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sod_constraints")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_sod_constraints_tenant_id")),
        schema="identity",
    )
    op.create_index(
        op.f("ix_identity_sod_constraints_tenant_id"), "sod_constraints", ["tenant_id"], unique=False, schema="identity"
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("mobile", sa.String(length=16), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("totp_secret", sa.Text(), nullable=True),
        sa.Column("totp_enabled", sa.Boolean(), nullable=False),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("parent_user_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("authz_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'platform' AND tenant_id IS NULL AND partner_id IS NULL) OR (kind = 'internal' AND tenant_id IS NOT NULL AND partner_id IS NULL) OR (kind = 'external' AND tenant_id IS NOT NULL AND partner_id IS NOT NULL)",
            name=op.f("ck_users_kind_shape"),
        ),
        sa.CheckConstraint("parent_user_id IS NULL OR kind = 'external'", name=op.f("ck_users_only_partner_sub_users")),
        sa.CheckConstraint("status IN ('invited', 'active', 'locked', 'disabled')", name=op.f("ck_users_status_known")),
        sa.CheckConstraint("email IS NOT NULL OR mobile IS NOT NULL", name=op.f("ck_users_has_contact")),
        sa.ForeignKeyConstraint(["parent_user_id"], ["identity.users.id"], name=op.f("fk_users_parent_user_id_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["identity.tenants.id"], name=op.f("fk_users_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("mobile", name=op.f("uq_users_mobile")),
        schema="identity",
    )
    op.create_index(op.f("ix_identity_users_partner_id"), "users", ["partner_id"], unique=False, schema="identity")
    op.create_index(op.f("ix_identity_users_tenant_id"), "users", ["tenant_id"], unique=False, schema="identity")
    op.create_table(
        "action_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("purpose IN ('activation', 'password_reset')", name=op.f("ck_action_tokens_purpose_known")),
        sa.ForeignKeyConstraint(["user_id"], ["identity.users.id"], name=op.f("fk_action_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_action_tokens")),
        schema="identity",
    )
    op.create_index(
        op.f("ix_identity_action_tokens_user_id"), "action_tokens", ["user_id"], unique=False, schema="identity"
    )
    op.create_table(
        "otp_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("consumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["identity.users.id"], name=op.f("fk_otp_challenges_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_otp_challenges")),
        schema="identity",
    )
    op.create_index(
        op.f("ix_identity_otp_challenges_user_id"), "otp_challenges", ["user_id"], unique=False, schema="identity"
    )
    op.create_table(
        "role_assignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.Column("branch_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("commodity_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("granted_by", sa.Uuid(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["role_id"], ["identity.roles.id"], name=op.f("fk_role_assignments_role_id_roles")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["identity.tenants.id"], name=op.f("fk_role_assignments_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["identity.users.id"], name=op.f("fk_role_assignments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_assignments")),
        schema="identity",
    )
    op.create_index(
        op.f("ix_identity_role_assignments_role_id"), "role_assignments", ["role_id"], unique=False, schema="identity"
    )
    op.create_index(
        op.f("ix_identity_role_assignments_tenant_id"),
        "role_assignments",
        ["tenant_id"],
        unique=False,
        schema="identity",
    )
    op.create_index(
        op.f("ix_identity_role_assignments_user_id"), "role_assignments", ["user_id"], unique=False, schema="identity"
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=50), nullable=True),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["identity.users.id"], name=op.f("fk_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        schema="identity",
    )
    op.create_index(op.f("ix_identity_sessions_user_id"), "sessions", ["user_id"], unique=False, schema="identity")
    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["identity.sessions.id"], name=op.f("fk_refresh_tokens_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_refresh_tokens")),
        schema="identity",
    )
    op.create_index(
        op.f("ix_identity_refresh_tokens_session_id"), "refresh_tokens", ["session_id"], unique=False, schema="identity"
    )
    _secure()


def _secure() -> None:
    op.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {APP_ROLE}")
    for table, rule in POLICIES.items():
        op.execute(f"ALTER TABLE {SCHEMA}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {SCHEMA}.{table} USING ({rule}) WITH CHECK ({rule})")
    # the audit trail is append-only: no grant to change it, and a trigger for everyone else
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {SCHEMA}.audit_log FROM {APP_ROLE}")
    op.execute(
        f"""
        CREATE FUNCTION {SCHEMA}.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only';
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {SCHEMA}.audit_log"
        f" FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_audit_change()"
    )


def downgrade() -> None:
    op.execute(f"DROP TRIGGER audit_log_append_only ON {SCHEMA}.audit_log")
    op.execute(f"DROP FUNCTION {SCHEMA}.refuse_audit_change()")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.drop_index(op.f("ix_identity_refresh_tokens_session_id"), table_name="refresh_tokens", schema="identity")
    op.drop_table("refresh_tokens", schema="identity")
    op.drop_index(op.f("ix_identity_sessions_user_id"), table_name="sessions", schema="identity")
    op.drop_table("sessions", schema="identity")
    op.drop_index(op.f("ix_identity_role_assignments_user_id"), table_name="role_assignments", schema="identity")
    op.drop_index(op.f("ix_identity_role_assignments_tenant_id"), table_name="role_assignments", schema="identity")
    op.drop_index(op.f("ix_identity_role_assignments_role_id"), table_name="role_assignments", schema="identity")
    op.drop_table("role_assignments", schema="identity")
    op.drop_index(op.f("ix_identity_otp_challenges_user_id"), table_name="otp_challenges", schema="identity")
    op.drop_table("otp_challenges", schema="identity")
    op.drop_index(op.f("ix_identity_action_tokens_user_id"), table_name="action_tokens", schema="identity")
    op.drop_table("action_tokens", schema="identity")
    op.drop_index(op.f("ix_identity_users_tenant_id"), table_name="users", schema="identity")
    op.drop_index(op.f("ix_identity_users_partner_id"), table_name="users", schema="identity")
    op.drop_table("users", schema="identity")
    op.drop_index(op.f("ix_identity_sod_constraints_tenant_id"), table_name="sod_constraints", schema="identity")
    op.drop_table("sod_constraints", schema="identity")
    op.drop_index(op.f("ix_identity_roles_tenant_id"), table_name="roles", schema="identity")
    op.drop_table("roles", schema="identity")
    op.drop_index(op.f("ix_identity_branches_tenant_id"), table_name="branches", schema="identity")
    op.drop_table("branches", schema="identity")
    op.drop_table("tenants", schema="identity")
    op.drop_table("signing_keys", schema="identity")
    op.drop_index(
        "ix_outbox_pending", table_name="outbox", schema="identity", postgresql_where=sa.text("status = 'pending'")
    )
    op.drop_index(
        "ix_outbox_aggregate_pending",
        table_name="outbox",
        schema="identity",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_table("outbox", schema="identity")
    op.drop_table("login_throttle", schema="identity")
    op.drop_table("inbox", schema="identity")
    op.drop_index(op.f("ix_identity_dev_messages_recipient"), table_name="dev_messages", schema="identity")
    op.drop_table("dev_messages", schema="identity")
    op.drop_index("ix_audit_log_tenant_seq", table_name="audit_log", schema="identity")
    op.drop_table("audit_log", schema="identity")
    op.execute(f"DROP SCHEMA IF EXISTS {SCHEMA}")
