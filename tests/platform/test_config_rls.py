"""Row-level security on the configuration tables: raw SQL under one tenant's setting sees platform
values and its own, never another tenant's; it cannot write platform values or other tenants'; the
audit trail is append-only for everyone."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.app.bootstrap import Container
from tests.platform.helpers import MESSAGE, put

A, B = uuid.uuid4(), uuid.uuid4()


async def _as(connection: AsyncConnection, tenant: uuid.UUID | None, platform: bool = False) -> None:
    await connection.execute(
        text("SELECT set_config('mandi.tenant_id', :t, true), set_config('mandi.platform', :p, true)"),
        {"t": str(tenant or ""), "p": "on" if platform else "off"},
    )


@pytest.fixture
async def values(container: Container, connection: AsyncConnection) -> AsyncConnection:
    await put(container, "platform")
    await put(container, "tenant a", tenant_id=A)
    await put(container, "tenant b", tenant_id=B)
    await put(container, "branch of b", tenant_id=B, branch_id=uuid.uuid4())
    return connection


async def _visible(connection: AsyncConnection, table: str = "config_values") -> set[tuple[str, uuid.UUID | None]]:
    rows = await connection.execute(
        text(f"SELECT scope, tenant_id FROM platform.{table} WHERE key = :k"), {"k": MESSAGE}
    )
    return {(row.scope, row.tenant_id) for row in rows}


async def test_a_tenant_sees_platform_values_and_its_own(values: AsyncConnection) -> None:
    await _as(values, A)
    assert await _visible(values) == {("platform", None), ("tenant", A)}
    await _as(values, None, platform=True)
    assert await _visible(values) == {("platform", None), ("tenant", A), ("tenant", B), ("branch", B)}


async def test_a_tenant_sees_only_its_own_changes_in_the_audit(values: AsyncConnection) -> None:
    await _as(values, A)
    assert await _visible(values, "config_audit") == {("tenant", A)}


@pytest.mark.parametrize("owner", [None, B], ids=["platform", "other-tenant"])
async def test_a_tenant_cannot_create_values_outside_its_tenant(
    values: AsyncConnection, owner: uuid.UUID | None
) -> None:
    await _as(values, A)
    scope = "platform" if owner is None else "tenant"
    with pytest.raises(DBAPIError, match="row-level security"):
        async with values.begin_nested():
            await values.execute(
                text(
                    "INSERT INTO platform.config_values (id, key, scope, tenant_id, value, version, updated_at,"
                    " updated_by) VALUES (:id, 'test.forged', :scope, :owner, '1', 1, now(), 'x')"
                ),
                {"id": uuid.uuid4(), "scope": scope, "owner": owner},
            )


async def test_a_tenant_cannot_change_or_delete_platform_values(values: AsyncConnection) -> None:
    await _as(values, A)
    changed = await values.execute(
        text("UPDATE platform.config_values SET value = '\"hijacked\"' WHERE key = :k AND tenant_id IS NULL"),
        {"k": MESSAGE},
    )
    assert changed.rowcount == 0
    deleted = await values.execute(
        text("DELETE FROM platform.config_values WHERE key = :k AND tenant_id IS DISTINCT FROM :a"),
        {"k": MESSAGE, "a": A},
    )
    assert deleted.rowcount == 0
    with pytest.raises(DBAPIError, match="row-level security"):  # nor hand its own to another tenant
        async with values.begin_nested():
            await values.execute(
                text("UPDATE platform.config_values SET tenant_id = :b WHERE key = :k AND tenant_id = :a"),
                {"k": MESSAGE, "a": A, "b": B},
            )


@pytest.mark.parametrize(
    "statement", ["UPDATE platform.config_audit SET actor = 'x'", "DELETE FROM platform.config_audit"]
)
async def test_the_audit_trail_is_append_only(values: AsyncConnection, statement: str) -> None:
    await _as(values, None, platform=True)
    with pytest.raises(DBAPIError, match="permission denied"):
        async with values.begin_nested():
            await values.execute(text(statement))
