"""Row-level security on PostgreSQL: under tenant B's setting, raw SQL without any tenant filter sees,
changes and creates none of tenant A's rows; the audit log is append-only; the application's role owns
no table and does not bypass row-level security, on every pooled connection."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app.bootstrap import Container
from backend.core.config import Settings
from backend.db.engine import create_engine
from tests.actors import Actor, api_client
from tests.api.helpers import cotton
from tests.api.identity import rbac_helpers as h

APP_ROLE = "mandi_app"
TENANT_TABLES = (
    "identity.users",
    "identity.branches",
    "identity.roles",
    "identity.role_assignments",
    "identity.sod_constraints",
    "identity.audit_log",
)
COMMODITY_TABLES = (
    "commodities.commodities",
    "commodities.commodity_units",
    "commodities.quality_parameters",
    "commodities.varieties",
)


@dataclass(frozen=True)
class Tenants:
    a: Actor
    b: Actor
    a_branch: uuid.UUID
    a_role: uuid.UUID
    a_user: uuid.UUID
    a_assignment: uuid.UUID
    a_commodity: uuid.UUID
    b_branch: uuid.UUID
    b_commodity: uuid.UUID
    global_commodity: uuid.UUID
    partner: uuid.UUID
    partner_user: uuid.UUID


async def _commodity(container: Container, actor: Actor) -> uuid.UUID:
    async with api_client(container, actor) as c:
        response = await c.post("/api/v1/commodities", json=cotton())
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["id"])


@pytest.fixture
async def tenants(container: Container, operator: Actor) -> Tenants:
    a = await h.new_tenant(container, "Tenant A")
    b = await h.new_tenant(container, "Tenant B")
    a_branch = await h.open_test_branch(container, a)
    a_role = await h.define_role(container, a, ["commodities.read"])
    a_user = await h.invite(container, a, email=f"rls-{uuid.uuid4().hex[:8]}@mandi.example")
    a_assignment = await h.grant(container, a, a_user, a_role, branch_ids=[a_branch])
    partner = uuid.uuid4()
    partner_user = await h.invite(container, a, mobile=h.unique_mobile(), partner_id=partner)
    trader = await h.role_id(container, a, "trader")
    back_office = await h.role_id(container, a, "back_office")
    async with api_client(container, a) as c:
        sod = await c.post("/api/v1/sod-constraints", json={"name": "rls", "role_ids": [str(trader), str(back_office)]})
    assert sod.status_code == 201, sod.text
    b_branch = await h.open_test_branch(container, b)
    b_role = await h.define_role(container, b, ["commodities.read"])
    b_user = await h.invite(container, b, email=f"rls-{uuid.uuid4().hex[:8]}@mandi.example")
    await h.grant(container, b, b_user, b_role)
    b_trader = await h.role_id(container, b, "trader")
    b_back_office = await h.role_id(container, b, "back_office")
    async with api_client(container, b) as c:
        sod = await c.post(
            "/api/v1/sod-constraints", json={"name": "rls", "role_ids": [str(b_trader), str(b_back_office)]}
        )
    assert sod.status_code == 201, sod.text
    return Tenants(
        a,
        b,
        a_branch,
        a_role,
        a_user,
        a_assignment,
        await _commodity(container, a),
        b_branch,
        await _commodity(container, b),
        await _commodity(container, operator),
        partner,
        partner_user,
    )


@contextlib.asynccontextmanager
async def scoped_session(
    container: Container, tenant: uuid.UUID | None, *, partner: uuid.UUID | None = None, platform: bool = False
) -> AsyncIterator[AsyncSession]:
    """A session with the settings a unit of work makes, set here by hand; all three, always."""
    async with container.session_factory() as session, session.begin():
        await session.execute(
            text(
                "SELECT set_config('mandi.tenant_id', :t, true), set_config('mandi.partner_id', :p, true),"
                " set_config('mandi.platform', :o, true)"
            ),
            {"t": str(tenant or ""), "p": str(partner or ""), "o": "on" if platform else "off"},
        )
        yield session


async def refused(session: AsyncSession, statement: str, params: dict[str, object] | None = None) -> str:
    """Run ``statement`` in a savepoint that must fail; returns the database's message."""
    with pytest.raises(DBAPIError) as caught:
        async with session.begin_nested():
            await session.execute(text(statement), params or {})
    return str(caught.value.orig)


async def tenant_ids(session: AsyncSession, table: str) -> set[uuid.UUID | None]:
    column = "id" if table == "identity.tenants" else "tenant_id"
    return set((await session.scalars(text(f"SELECT {column} FROM {table}"))).all())


# --- the role the application runs as ------------------------------------------------------------


async def test_the_app_role_owns_no_table_and_does_not_bypass_row_level_security(container: Container) -> None:
    async with container.session_factory() as session:
        assert await session.scalar(text("SELECT current_user")) == APP_ROLE
        role = (
            await session.execute(
                text("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}
            )
        ).one()
        assert (role.rolsuper, role.rolbypassrls) == (False, False)
        owned = (
            await session.scalars(
                text(
                    "SELECT schemaname || '.' || tablename FROM pg_tables"
                    " WHERE schemaname IN ('identity', 'commodities', 'platform') AND tableowner = :r"
                ),
                {"r": APP_ROLE},
            )
        ).all()
        assert owned == []
        secured = set(
            (
                await session.scalars(
                    text(
                        "SELECT n.nspname || '.' || c.relname FROM pg_class c"
                        " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE c.relrowsecurity AND n.nspname IN ('identity', 'commodities')"
                    )
                )
            ).all()
        )
    assert {"identity.tenants", *TENANT_TABLES, *COMMODITY_TABLES} <= secured


async def test_every_pooled_connection_runs_as_the_app_role(settings: Settings, database_url: str) -> None:
    """The role switch must survive the pool's reset-on-return, not only a connection's first use."""
    engine = create_engine(
        database_url, settings.model_copy(update={"database_pool_size": 1, "database_max_overflow": 0})
    )
    try:
        seen = []
        for _ in range(3):
            async with engine.connect() as connection:
                transaction = await connection.begin()
                seen.append(await connection.scalar(text("SELECT current_user")))
                await transaction.rollback()
    finally:
        await engine.dispose()
    assert seen == [APP_ROLE, APP_ROLE, APP_ROLE]


# --- reads ----------------------------------------------------------------------------------------


async def test_raw_reads_under_tenant_b_return_none_of_as_rows(container: Container, tenants: Tenants) -> None:
    async with scoped_session(container, tenants.b.tenant_id) as session:
        assert await tenant_ids(session, "identity.tenants") == {tenants.b.tenant_id}
        for table in TENANT_TABLES:
            assert await tenant_ids(session, table) == {tenants.b.tenant_id}, table
        for table in COMMODITY_TABLES:
            assert await tenant_ids(session, table) == {None, tenants.b.tenant_id}, table
        commodities = set((await session.scalars(text("SELECT id FROM commodities.commodities"))).all())
        # A's rows exist (the platform sees them below) but not here, not even by id
        for table, row_id in (
            ("identity.branches", tenants.a_branch),
            ("identity.roles", tenants.a_role),
            ("identity.users", tenants.a_user),
            ("identity.role_assignments", tenants.a_assignment),
            ("commodities.commodities", tenants.a_commodity),
        ):
            found = await session.scalar(text(f"SELECT count(*) FROM {table} WHERE id = :id"), {"id": row_id})
            assert found == 0, table
        audit_of_a = await session.scalar(
            text("SELECT count(*) FROM identity.audit_log WHERE tenant_id = :t"), {"t": tenants.a.tenant_id}
        )
        assert audit_of_a == 0
    assert {tenants.global_commodity, tenants.b_commodity} <= commodities
    assert tenants.a_commodity not in commodities

    async with scoped_session(container, None, platform=True) as session:
        for table, row_id in (
            ("identity.branches", tenants.a_branch),
            ("identity.role_assignments", tenants.a_assignment),
            ("commodities.commodities", tenants.a_commodity),
        ):
            assert await session.scalar(text(f"SELECT count(*) FROM {table} WHERE id = :id"), {"id": row_id}) == 1
        assert await session.scalar(
            text("SELECT count(*) FROM identity.audit_log WHERE tenant_id = :t"), {"t": tenants.a.tenant_id}
        )


async def test_without_any_setting_nothing_tenant_owned_is_visible(container: Container, tenants: Tenants) -> None:
    async with scoped_session(container, None) as session:
        for table in ("identity.tenants", *TENANT_TABLES):
            assert await tenant_ids(session, table) == set(), table
        assert await tenant_ids(session, "commodities.commodities") == {None}


async def test_a_partner_setting_limits_users_to_that_partner(container: Container, tenants: Tenants) -> None:
    async with scoped_session(container, tenants.a.tenant_id, partner=tenants.partner) as session:
        users = (await session.execute(text("SELECT id, partner_id FROM identity.users"))).all()
    assert [(row.id, row.partner_id) for row in users] == [(tenants.partner_user, tenants.partner)]


# --- writes ---------------------------------------------------------------------------------------


async def test_inserting_a_row_for_tenant_a_under_tenant_b_is_refused(container: Container, tenants: Tenants) -> None:
    async with scoped_session(container, tenants.b.tenant_id) as session:
        message = await refused(
            session,
            "INSERT INTO identity.branches (id, tenant_id, code, name, state_code, active, created_at, version)"
            " VALUES (:id, :t, 'PLANT', 'Planted', '24', true, now(), 1)",
            {"id": uuid.uuid4(), "t": tenants.a.tenant_id},
        )
        assert "row-level security" in message
        message = await refused(
            session,
            "INSERT INTO identity.roles (id, tenant_id, name, description, permissions, inherits, system, created_at,"
            " version) VALUES (:id, :t, 'planted', '', ARRAY['*'], ARRAY[]::uuid[], false, now(), 1)",
            {"id": uuid.uuid4(), "t": tenants.a.tenant_id},
        )
        assert "row-level security" in message
        message = await refused(
            session,
            "INSERT INTO commodities.commodities (id, tenant_id, code, name, category, hsn_code, gst_rate, base_unit,"
            " active, version, created_at, updated_at)"
            " VALUES (:id, :t, 'PLANTED', 'Planted', 'fibre', '5201', 5, 'KG', true, 1, now(), now())",
            {"id": uuid.uuid4(), "t": tenants.a.tenant_id},
        )
        assert "row-level security" in message
        # nor may a tenant write a global commodity
        message = await refused(
            session,
            "INSERT INTO commodities.commodities (id, tenant_id, code, name, category, hsn_code, gst_rate, base_unit,"
            " active, version, created_at, updated_at)"
            " VALUES (:id, NULL, 'PLANTED', 'Planted', 'fibre', '5201', 5, 'KG', true, 1, now(), now())",
            {"id": uuid.uuid4()},
        )
        assert "row-level security" in message


async def test_updates_and_deletes_of_as_rows_under_tenant_b_affect_nothing(
    container: Container, tenants: Tenants
) -> None:
    statements = [
        ("UPDATE identity.branches SET name = 'Taken' WHERE id = :id", tenants.a_branch),
        ("DELETE FROM identity.branches WHERE id = :id", tenants.a_branch),
        ("UPDATE identity.users SET status = 'disabled' WHERE id = :id", tenants.a_user),
        ("UPDATE identity.roles SET permissions = ARRAY['*'] WHERE id = :id", tenants.a_role),
        ("DELETE FROM identity.role_assignments WHERE id = :id", tenants.a_assignment),
        ("UPDATE identity.role_assignments SET revoked_at = now() WHERE id = :id", tenants.a_assignment),
        ("UPDATE commodities.commodities SET name = 'Taken' WHERE id = :id", tenants.a_commodity),
        ("DELETE FROM commodities.varieties WHERE commodity_id = :id", tenants.a_commodity),
        ("UPDATE commodities.commodities SET name = 'Taken' WHERE id = :id", tenants.global_commodity),
        ("DELETE FROM commodities.commodity_units WHERE commodity_id = :id", tenants.global_commodity),
    ]
    async with scoped_session(container, tenants.b.tenant_id) as session:
        for statement, row_id in statements:
            result = await session.execute(text(statement), {"id": row_id})
            assert result.rowcount == 0, statement  # type: ignore[attr-defined]
        # without a WHERE clause only B's own rows are touched
        touched = await session.execute(text("UPDATE identity.branches SET name = name"))
        assert touched.rowcount == 1  # type: ignore[attr-defined]
        emptied = await session.execute(text("DELETE FROM identity.sod_constraints"))
        assert emptied.rowcount == 1  # type: ignore[attr-defined]

    async with scoped_session(container, None, platform=True) as session:
        name = await session.scalar(text("SELECT name FROM identity.branches WHERE id = :id"), {"id": tenants.a_branch})
        assert name == "Branch"
        revoked = await session.scalar(
            text("SELECT revoked_at FROM identity.role_assignments WHERE id = :id"), {"id": tenants.a_assignment}
        )
        assert revoked is None
        assert (
            await session.scalar(
                text("SELECT count(*) FROM identity.sod_constraints WHERE tenant_id = :t"), {"t": tenants.a.tenant_id}
            )
            == 1
        )


async def test_moving_a_row_into_tenant_a_under_tenant_b_is_refused(container: Container, tenants: Tenants) -> None:
    async with scoped_session(container, tenants.b.tenant_id) as session:
        message = await refused(
            session,
            "UPDATE identity.branches SET tenant_id = :t WHERE id = :id",
            {"t": tenants.a.tenant_id, "id": tenants.b_branch},
        )
        assert "row-level security" in message
        message = await refused(
            session,
            "UPDATE commodities.commodities SET tenant_id = NULL WHERE id = :id",
            {"id": tenants.b_commodity},
        )
        assert "row-level security" in message


async def test_the_audit_log_is_append_only_even_for_the_platform(container: Container, tenants: Tenants) -> None:
    async with scoped_session(container, None, platform=True) as session:
        assert await session.scalar(text("SELECT count(*) FROM identity.audit_log")) > 0
        for statement in (
            "UPDATE identity.audit_log SET action = 'rewritten'",
            "DELETE FROM identity.audit_log",
            "TRUNCATE identity.audit_log",
        ):
            message = await refused(session, statement)
            assert "permission denied" in message or "append-only" in message, (statement, message)

    # the table owner holds every grant, and the trigger still refuses
    async with scoped_session(container, None, platform=True) as session, session.begin_nested():
        await session.execute(text("RESET ROLE"))
        assert await session.scalar(text("SELECT current_user")) != APP_ROLE
        for statement in ("UPDATE identity.audit_log SET action = 'rewritten'", "DELETE FROM identity.audit_log"):
            assert "append-only" in await refused(session, statement)


async def test_the_audit_log_accepts_appends_only_for_the_current_tenant(
    container: Container, tenants: Tenants
) -> None:
    async with scoped_session(container, tenants.b.tenant_id) as session:
        await session.execute(
            text("INSERT INTO identity.audit_log (tenant_id, action, details) VALUES (:t, 'probe', '{}')"),
            {"t": tenants.b.tenant_id},
        )
        message = await refused(
            session,
            "INSERT INTO identity.audit_log (tenant_id, action, details) VALUES (:t, 'forged', '{}')",
            {"t": tenants.a.tenant_id},
        )
        assert "row-level security" in message
