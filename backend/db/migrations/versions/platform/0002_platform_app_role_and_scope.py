"""platform: the application role and the functions row-level security policies read

Revision ID: 0002_platform
Revises: 0001_platform
Create Date: 2026-11-29

The application connects (or SET ROLEs) as ``mandi_app``: it owns no table and does not bypass
row-level security, so every policy applies to every query it sends.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002_platform"
down_revision: str | Sequence[str] | None = "0001_platform"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "mandi_app"


def upgrade() -> None:
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
            END IF;
            IF NOT pg_has_role(current_user, '{APP_ROLE}', 'MEMBER') THEN
                EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
            END IF;
        END $$;
        """
    )
    op.execute(
        """
        CREATE FUNCTION platform.current_tenant_id() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT NULLIF(current_setting('mandi.tenant_id', true), '')::uuid $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION platform.current_partner_id() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT NULLIF(current_setting('mandi.partner_id', true), '')::uuid $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION platform.is_platform() RETURNS boolean LANGUAGE sql STABLE
        AS $$ SELECT coalesce(current_setting('mandi.platform', true), '') = 'on' $$
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA platform TO {APP_ROLE}")
    op.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA platform TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON platform.idempotency_keys TO {APP_ROLE}")
    op.execute(f"GRANT SELECT ON public.alembic_version TO {APP_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE SELECT ON public.alembic_version FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON platform.idempotency_keys FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA platform FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA platform FROM {APP_ROLE}")
    op.execute("DROP FUNCTION platform.is_platform()")
    op.execute("DROP FUNCTION platform.current_partner_id()")
    op.execute("DROP FUNCTION platform.current_tenant_id()")
    # the role is cluster-wide and may serve other databases; it stays
