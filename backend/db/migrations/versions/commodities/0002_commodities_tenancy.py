"""commodities: private commodities per tenant under row-level security

Revision ID: 0002_commodities
Revises: 0001_commodities
Create Date: 2026-11-29

Global commodities (tenant_id NULL) stay readable by every tenant and writable by the platform
only; a tenant may add private commodities that no other tenant can see.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_commodities"
down_revision: str | Sequence[str] | None = "0001_commodities"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0002_platform"

SCHEMA = "commodities"
APP_ROLE = "mandi_app"
TABLES = ("commodities", "commodity_units", "quality_parameters", "varieties")
READ = "tenant_id IS NULL OR tenant_id = platform.current_tenant_id() OR platform.is_platform()"
WRITE = "tenant_id = platform.current_tenant_id() OR platform.is_platform()"


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("tenant_id", sa.Uuid(), nullable=True), schema=SCHEMA)
        op.create_index(f"ix_{SCHEMA}_{table}_tenant_id", table, ["tenant_id"], schema=SCHEMA)
        op.execute(f"ALTER TABLE {SCHEMA}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_read ON {SCHEMA}.{table} FOR SELECT USING ({READ})")
        op.execute(f"CREATE POLICY tenant_insert ON {SCHEMA}.{table} FOR INSERT WITH CHECK ({WRITE})")
        op.execute(f"CREATE POLICY tenant_update ON {SCHEMA}.{table} FOR UPDATE USING ({WRITE}) WITH CHECK ({WRITE})")
        op.execute(f"CREATE POLICY tenant_delete ON {SCHEMA}.{table} FOR DELETE USING ({WRITE})")
    op.drop_constraint("uq_commodities_code", "commodities", schema=SCHEMA, type_="unique")
    op.create_unique_constraint(
        "uq_commodities_tenant_id",
        "commodities",
        ["tenant_id", "code"],
        schema=SCHEMA,
        postgresql_nulls_not_distinct=True,
    )
    op.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {APP_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA {SCHEMA} FROM {APP_ROLE}")
    op.drop_constraint("uq_commodities_tenant_id", "commodities", schema=SCHEMA, type_="unique")
    op.execute(f"DELETE FROM {SCHEMA}.commodities WHERE tenant_id IS NOT NULL")
    op.create_unique_constraint("uq_commodities_code", "commodities", ["code"], schema=SCHEMA)
    for table in TABLES:
        for policy in ("tenant_read", "tenant_insert", "tenant_update", "tenant_delete"):
            op.execute(f"DROP POLICY {policy} ON {SCHEMA}.{table}")
        op.execute(f"ALTER TABLE {SCHEMA}.{table} DISABLE ROW LEVEL SECURITY")
        op.drop_index(f"ix_{SCHEMA}_{table}_tenant_id", table_name=table, schema=SCHEMA)
        op.drop_column(table, "tenant_id", schema=SCHEMA)
