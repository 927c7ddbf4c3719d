"""platform: runtime configuration (values per scope, audit trail, change counter), outbox, inbox

Revision ID: 0004_platform
Revises: 0003_platform
Create Date: 2026-11-29

Platform-scope values (tenant_id NULL) are readable by every tenant and writable by the platform
only; a tenant reads and writes its own tenant and branch values and no other tenant's. The audit
trail is append-only. ``config_revision`` is one row every change moves on; readers poll it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from backend.db.migrations.message_tables import PENDING, create_outbox_and_inbox

revision: str = "0004_platform"
down_revision: str | Sequence[str] | None = "0003_platform"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "platform"
APP_ROLE = "mandi_app"
READ = "tenant_id IS NULL OR tenant_id = platform.current_tenant_id() OR platform.is_platform()"
WRITE = "tenant_id = platform.current_tenant_id() OR platform.is_platform()"
SCOPE_SHAPE = (
    "(scope = 'platform' AND tenant_id IS NULL AND branch_id IS NULL)"
    " OR (scope = 'tenant' AND tenant_id IS NOT NULL AND branch_id IS NULL)"
    " OR (scope = 'branch' AND tenant_id IS NOT NULL AND branch_id IS NOT NULL)"
)


def upgrade() -> None:
    op.create_table(
        "config_values",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("value", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint(SCOPE_SHAPE, name=op.f("ck_config_values_scope_shape")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_config_values_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_config_values")),
        sa.UniqueConstraint(
            "key", "tenant_id", "branch_id", name=op.f("uq_config_values_key"), postgresql_nulls_not_distinct=True
        ),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_platform_config_values_tenant_id"), "config_values", ["tenant_id"], schema=SCHEMA)
    op.create_table(
        "config_audit",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("old_value", postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), nullable=True),
        sa.Column("old_version", sa.Integer(), nullable=False),
        sa.Column("new_value", postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), nullable=True),
        sa.Column("new_version", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.CheckConstraint(SCOPE_SHAPE, name=op.f("ck_config_audit_scope_shape")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_config_audit")),
        schema=SCHEMA,
    )
    op.create_index("ix_config_audit_key_seq", "config_audit", ["key", "seq"], schema=SCHEMA)
    op.create_index(op.f("ix_platform_config_audit_tenant_id"), "config_audit", ["tenant_id"], schema=SCHEMA)
    op.create_table(
        "config_revision",
        sa.Column("id", sa.SmallInteger(), server_default=sa.text("1"), nullable=False),
        sa.Column("revision", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_config_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_config_revision")),
        schema=SCHEMA,
    )
    op.execute(f"INSERT INTO {SCHEMA}.config_revision (id, revision) VALUES (1, 0)")
    create_outbox_and_inbox(op, SCHEMA)
    _secure()


def _secure() -> None:
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {SCHEMA}.config_values TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT ON {SCHEMA}.config_audit TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, UPDATE ON {SCHEMA}.config_revision TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {SCHEMA}.outbox, {SCHEMA}.inbox TO {APP_ROLE}")
    op.execute(f"ALTER TABLE {SCHEMA}.config_values ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_read ON {SCHEMA}.config_values FOR SELECT USING ({READ})")
    op.execute(f"CREATE POLICY tenant_insert ON {SCHEMA}.config_values FOR INSERT WITH CHECK ({WRITE})")
    op.execute(f"CREATE POLICY tenant_update ON {SCHEMA}.config_values FOR UPDATE USING ({WRITE}) WITH CHECK ({WRITE})")
    op.execute(f"CREATE POLICY tenant_delete ON {SCHEMA}.config_values FOR DELETE USING ({WRITE})")
    # who changed the platform's values is the platform's business; a tenant sees its own changes
    op.execute(f"ALTER TABLE {SCHEMA}.config_audit ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_read ON {SCHEMA}.config_audit FOR SELECT USING ({WRITE})")
    op.execute(f"CREATE POLICY tenant_insert ON {SCHEMA}.config_audit FOR INSERT WITH CHECK ({WRITE})")
    op.execute(
        f"""
        CREATE FUNCTION {SCHEMA}.refuse_config_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the configuration audit trail is append-only';
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER config_audit_append_only BEFORE UPDATE OR DELETE ON {SCHEMA}.config_audit"
        f" FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_config_audit_change()"
    )


def downgrade() -> None:
    op.execute(f"DROP TRIGGER config_audit_append_only ON {SCHEMA}.config_audit")
    op.execute(f"DROP FUNCTION {SCHEMA}.refuse_config_audit_change()")
    op.execute(f"REVOKE ALL ON {SCHEMA}.config_values, {SCHEMA}.config_audit, {SCHEMA}.config_revision FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON {SCHEMA}.outbox, {SCHEMA}.inbox FROM {APP_ROLE}")
    op.drop_table("inbox", schema=SCHEMA)
    op.drop_index("ix_outbox_aggregate_pending", table_name="outbox", schema=SCHEMA, postgresql_where=PENDING)
    op.drop_index("ix_outbox_pending", table_name="outbox", schema=SCHEMA, postgresql_where=PENDING)
    op.drop_table("outbox", schema=SCHEMA)
    op.drop_table("config_revision", schema=SCHEMA)
    op.drop_index(op.f("ix_platform_config_audit_tenant_id"), table_name="config_audit", schema=SCHEMA)
    op.drop_index("ix_config_audit_key_seq", table_name="config_audit", schema=SCHEMA)
    op.drop_table("config_audit", schema=SCHEMA)
    op.drop_index(op.f("ix_platform_config_values_tenant_id"), table_name="config_values", schema=SCHEMA)
    op.drop_table("config_values", schema=SCHEMA)
