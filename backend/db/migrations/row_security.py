"""Shared steps of the migrations that create a context's schema: the application role's grants and
row-level security by tenant and, for partner users, by partner.

What these emit is part of migrations that have run: change it only by adding new functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

APP_ROLE = "mandi_app"
TENANT = "tenant_id = platform.current_tenant_id() OR platform.is_platform()"
PARTNER = "platform.current_partner_id()"
NO_PARTNER = f"{PARTNER} IS NULL"


def partner_rule(*columns: str) -> str:
    """A row of the current tenant (or any, while the platform acts) that a partner user sees only
    when one of ``columns`` is its partner; with no columns, never (the tenant's staff alone)."""
    if not columns:
        return f"({TENANT}) AND {NO_PARTNER}"
    mine = " OR ".join(f"{column} = {PARTNER}" for column in columns)
    return f"({TENANT}) AND ({NO_PARTNER} OR {mine})"


def create_schema(op: Any, schema: str) -> None:
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")


def grant_to_app_role(op: Any, schema: str) -> None:
    """Data access (no DDL) to every table and sequence the schema has so far."""
    op.execute(f"GRANT USAGE ON SCHEMA {schema} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {APP_ROLE}")


def enable_row_security(op: Any, schema: str, policies: Mapping[str, str]) -> None:
    """Row-level security on each table, with one ``tenant_isolation`` policy for reads and writes."""
    for table, rule in policies.items():
        op.execute(f"ALTER TABLE {schema}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {schema}.{table} USING ({rule}) WITH CHECK ({rule})")


def revoke_from_app_role(op: Any, schema: str) -> None:
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA {schema} FROM {APP_ROLE}")


def drop_schema(op: Any, schema: str, tables: Iterable[str]) -> None:
    """Drop ``tables`` in the order given (dependents first), then the schema; a table's policies,
    indexes and constraints go with it."""
    for table in tables:
        op.drop_table(table, schema=schema)
    op.execute(f"DROP SCHEMA IF EXISTS {schema}")


def grant_and_secure_tables(op: Any, schema: str, policies: Mapping[str, str]) -> None:
    """For a later revision adding tables to a schema: data access to each table named, then its
    row-level security with one ``tenant_isolation`` policy, table by table."""
    for table, rule in policies.items():
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {schema}.{table} TO {APP_ROLE}")
        op.execute(f"ALTER TABLE {schema}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {schema}.{table} USING ({rule}) WITH CHECK ({rule})")


def revoke_and_drop_tables(op: Any, schema: str, tables: Iterable[str]) -> None:
    """Undo ``grant_and_secure_tables`` and the tables, in the order given (dependents first)."""
    for table in tables:
        op.execute(f"REVOKE ALL ON {schema}.{table} FROM {APP_ROLE}")
        op.drop_table(table, schema=schema)
