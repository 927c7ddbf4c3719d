"""The ``identity`` schema. Tenant-owned tables carry ``tenant_id`` under row-level security."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from backend.core.messaging.tables import inbox_table, outbox_table
from backend.db.metadata import metadata

SCHEMA = "identity"


def _ts(name: str, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


tenants = Table(
    "tenants",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("base_currency", String(3), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("sub_user_limit", Integer, nullable=False),
    Column("region", String(16), nullable=False, server_default=text("'in'")),
    Column("locale", String(16), nullable=False, server_default=text("'en-IN'")),
    Column("requests_per_minute", Integer, nullable=False, server_default=text("1200")),
    Column("burst", Integer, nullable=False, server_default=text("200")),
    _ts("created_at"),
    Column("version", Integer, nullable=False),
    CheckConstraint("status IN ('active', 'suspended')", name="status_known"),
    CheckConstraint("sub_user_limit >= 0", name="sub_user_limit_positive"),
    schema=SCHEMA,
)

branches = Table(
    "branches",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, ForeignKey(f"{SCHEMA}.tenants.id"), nullable=False, index=True),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("state_code", String(3), nullable=False),
    Column("gstin", String(15), nullable=True),
    Column("address", Text, nullable=True),
    Column("active", Boolean, nullable=False),
    _ts("created_at"),
    Column("version", Integer, nullable=False),
    UniqueConstraint("tenant_id", "code"),
    schema=SCHEMA,
)

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, ForeignKey(f"{SCHEMA}.tenants.id"), nullable=True, index=True),
    Column("partner_id", Uuid, nullable=True, index=True),  # a plain id until partners exist
    Column("kind", String(16), nullable=False),
    Column("email", String(254), nullable=True, unique=True),
    Column("mobile", String(16), nullable=True, unique=True),
    Column("full_name", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("password_hash", String(255), nullable=True),
    Column("totp_secret", Text, nullable=True),
    Column("totp_enabled", Boolean, nullable=False),
    Column("totp_last_step", BigInteger, nullable=True),  # a TOTP code is good once
    Column("failed_logins", Integer, nullable=False),
    _ts("locked_until", nullable=True),
    Column("parent_user_id", Uuid, ForeignKey(f"{SCHEMA}.users.id"), nullable=True),
    Column("created_by", Uuid, nullable=True),
    _ts("created_at"),
    _ts("activated_at", nullable=True),
    Column("authz_version", Integer, nullable=False, server_default=text("1")),
    Column("version", Integer, nullable=False),
    # the three kinds of user, and no other combination
    CheckConstraint(
        "(kind = 'platform' AND tenant_id IS NULL AND partner_id IS NULL)"
        " OR (kind = 'internal' AND tenant_id IS NOT NULL AND partner_id IS NULL)"
        " OR (kind = 'external' AND tenant_id IS NOT NULL AND partner_id IS NOT NULL)",
        name="kind_shape",
    ),
    CheckConstraint("email IS NOT NULL OR mobile IS NOT NULL", name="has_contact"),
    CheckConstraint("status IN ('invited', 'active', 'locked', 'disabled')", name="status_known"),
    CheckConstraint("parent_user_id IS NULL OR kind = 'external'", name="only_partner_sub_users"),
    schema=SCHEMA,
)

roles = Table(
    "roles",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, ForeignKey(f"{SCHEMA}.tenants.id"), nullable=False, index=True),
    Column("name", String(50), nullable=False),
    Column("description", Text, nullable=False),
    Column("permissions", ARRAY(Text), nullable=False),
    Column("inherits", ARRAY(Uuid), nullable=False),
    Column("system", Boolean, nullable=False),
    _ts("created_at"),
    Column("version", Integer, nullable=False),
    UniqueConstraint("tenant_id", "name"),
    schema=SCHEMA,
)

role_assignments = Table(
    "role_assignments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, ForeignKey(f"{SCHEMA}.tenants.id"), nullable=False, index=True),
    Column("user_id", Uuid, ForeignKey(f"{SCHEMA}.users.id"), nullable=False, index=True),
    Column("role_id", Uuid, ForeignKey(f"{SCHEMA}.roles.id"), nullable=False, index=True),
    Column("branch_ids", ARRAY(Uuid), nullable=False),
    Column("commodity_ids", ARRAY(Uuid), nullable=False),
    _ts("expires_at", nullable=True),
    Column("granted_by", Uuid, nullable=True),
    _ts("granted_at"),
    _ts("revoked_at", nullable=True),
    Column("revoked_by", Uuid, nullable=True),
    Column("version", Integer, nullable=False),
    schema=SCHEMA,
)

sod_constraints = Table(
    "sod_constraints",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, ForeignKey(f"{SCHEMA}.tenants.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("role_ids", ARRAY(Uuid), nullable=False),
    Column("max_roles", Integer, nullable=False),
    _ts("created_at"),
    UniqueConstraint("tenant_id", "name"),
    CheckConstraint("max_roles >= 1", name="max_roles_positive"),
    schema=SCHEMA,
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Uuid, primary_key=True),  # the refresh-token family
    Column("user_id", Uuid, ForeignKey(f"{SCHEMA}.users.id"), nullable=False, index=True),
    Column("tenant_id", Uuid, nullable=True),
    _ts("created_at"),
    _ts("expires_at"),
    _ts("revoked_at", nullable=True),
    Column("revoked_reason", String(50), nullable=True),
    Column("client_address", String(64), nullable=True),
    schema=SCHEMA,
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("session_id", Uuid, ForeignKey(f"{SCHEMA}.sessions.id"), nullable=False, index=True),
    _ts("issued_at"),
    _ts("used_at", nullable=True),
    schema=SCHEMA,
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    Column("algorithm", String(16), nullable=False),
    Column("private_key", LargeBinary, nullable=False),  # encrypted with the key-encryption key
    Column("public_jwk", JSONB, nullable=False),
    Column("status", String(16), nullable=False),
    _ts("created_at"),
    _ts("retired_at", nullable=True),
    CheckConstraint("status IN ('active', 'verifying', 'retired')", name="status_known"),
    schema=SCHEMA,
)

otp_challenges = Table(
    "otp_challenges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey(f"{SCHEMA}.users.id"), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
    Column("attempts", Integer, nullable=False),
    _ts("consumed_at", nullable=True),
    schema=SCHEMA,
)

action_tokens = Table(
    "action_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Uuid, ForeignKey(f"{SCHEMA}.users.id"), nullable=False, index=True),
    Column("purpose", String(32), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
    _ts("used_at", nullable=True),
    CheckConstraint("purpose IN ('activation', 'password_reset')", name="purpose_known"),
    schema=SCHEMA,
)

dev_messages = Table(
    "dev_messages",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("recipient", String(254), nullable=False, index=True),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    schema=SCHEMA,
)

# e-mail and SMS for a channel with a configured transport, written in the command's transaction and
# sent by the dispatcher (message_dispatcher.py); like dev_messages it belongs to no tenant
outgoing_messages = Table(
    "outgoing_messages",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("recipient", String(254), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default=text("'pending'")),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_error", String(500), nullable=True),
    Column("provider_message_id", String(255), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    _ts("sent_at", nullable=True),
    CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status_known"),
    CheckConstraint("channel IN ('email', 'sms')", name="channel_known"),
    CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_when_sent_at"),
    # the dispatcher's pick: due pending messages, oldest due first
    Index("ix_outgoing_messages_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    schema=SCHEMA,
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    _ts("window_started_at"),
    Column("failures", Integer, nullable=False),
    schema=SCHEMA,
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("tenant_id", Uuid, nullable=True),
    Column("actor_id", Uuid, nullable=True),
    Column("action", String(64), nullable=False),
    Column("subject_type", String(32), nullable=True),
    Column("subject_id", String(64), nullable=True),
    Column("details", JSONB, nullable=False),
    Column("client_address", String(64), nullable=True),
    Column("request_id", String(128), nullable=True),
    Index("ix_audit_log_tenant_seq", "tenant_id", "seq"),
    schema=SCHEMA,
)

outbox = outbox_table(metadata, SCHEMA)
inbox = inbox_table(metadata, SCHEMA)
