"""System roles follow the release's catalogue (real PostgreSQL): a tenant created under an older release
gets its missing roles back and its system roles' patterns set, audited, its holders' tokens made stale;
a second run is a no-op and the tenant's own roles are never touched."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.app.bootstrap import Container
from backend.modules.identity.application.commands.sync_system_roles import (
    SyncSystemRoles,
    SystemRoleCreated,
    SystemRoleSkipped,
    SystemRolesSynced,
    SystemRoleUpdated,
    sync_system_roles,
)
from backend.modules.identity.domain.errors import InvalidIdentityInput, InvalidToken, ResourceNotFound
from backend.modules.identity.domain.system_roles import SYSTEM_ROLES
from tests.actors import Actor, api_client
from tests.api.identity import rbac_helpers as h

STRIPPED = ("trading.read", "trading.trade")
DROPPED = "auditor"
SYNC_ACTIONS = ("system_role_created", "system_role_updated")


async def _platform(connection: AsyncConnection) -> None:
    await connection.execute(text("SELECT set_config('mandi.platform', 'on', true)"))


async def age(connection: AsyncConnection, tenant_id: uuid.UUID | None) -> None:
    """Make the tenant look created by an older release: trader lacks permissions, auditor is missing."""
    await _platform(connection)
    await connection.execute(
        text(
            "UPDATE identity.roles SET permissions ="
            " ARRAY(SELECT unnest(permissions) EXCEPT SELECT unnest(CAST(:gone AS text[])))"
            " WHERE tenant_id = :tenant AND name = 'trader'"
        ),
        {"tenant": tenant_id, "gone": list(STRIPPED)},
    )
    await connection.execute(
        text("DELETE FROM identity.roles WHERE tenant_id = :tenant AND name = :name"),
        {"tenant": tenant_id, "name": DROPPED},
    )


async def stored_roles(connection: AsyncConnection, tenant_id: uuid.UUID | None) -> dict[str, Any]:
    """name -> (description, sorted patterns, system, version)"""
    await _platform(connection)
    rows = await connection.execute(
        text("SELECT name, description, permissions, system, version FROM identity.roles WHERE tenant_id = :tenant"),
        {"tenant": tenant_id},
    )
    return {r.name: (r.description, sorted(r.permissions), r.system, r.version) for r in rows}


async def sync_audit(connection: AsyncConnection, tenant_id: uuid.UUID | None) -> list[tuple[str, dict[str, Any]]]:
    await _platform(connection)
    rows = await connection.execute(
        text(
            "SELECT action, details FROM identity.audit_log"
            " WHERE tenant_id = :tenant AND action = ANY(:actions) ORDER BY seq"
        ),
        {"tenant": tenant_id, "actions": list(SYNC_ACTIONS)},
    )
    return [(r.action, r.details) for r in rows]


def catalogue() -> dict[str, tuple[str, list[str], bool]]:
    return {name: (description, sorted(patterns), True) for name, (description, patterns) in SYSTEM_ROLES.items()}


def without_versions(roles: dict[str, Any]) -> dict[str, tuple[str, list[str], bool]]:
    return {name: (description, patterns, system) for name, (description, patterns, system, _) in roles.items()}


async def trades_status(container: Container, actor: Actor) -> int:
    async with api_client(container, actor) as client:
        return (await client.get("/api/v1/trades")).status_code


async def test_an_old_tenant_gets_the_catalogues_roles_and_its_traders_can_trade(
    container: Container, connection: AsyncConnection, admin: Actor
) -> None:
    tenant = admin.tenant_id
    assert tenant is not None
    await h.define_role(container, admin, ["commodities.read"], name="desk_viewer")
    trader = await h.internal_user(container, admin, "trader")
    await age(connection, tenant)
    old = await h.signed_in_again(container, trader)  # signed in under the old definition
    assert not (await h.principal_of(container, old)).can("trading.trade")
    assert await trades_status(container, old) == 403
    own_before = (await stored_roles(connection, tenant))["desk_viewer"]

    summary = await sync_system_roles(SyncSystemRoles(tenant), container.auth)

    assert summary == SystemRolesSynced(
        tenants_checked=1,
        roles_created=(SystemRoleCreated(tenant, DROPPED, tuple(sorted(SYSTEM_ROLES[DROPPED][1]))),),
        roles_updated=(SystemRoleUpdated(tenant, "trader", STRIPPED, (), False),),
    )
    roles = await stored_roles(connection, tenant)
    assert without_versions(roles) == catalogue() | {"desk_viewer": ("", ["commodities.read"], False)}
    assert roles["desk_viewer"] == own_before  # the tenant's own role, version and all
    assert roles["trader"][3] == 2
    assert await sync_audit(connection, tenant) == [  # in the catalogue's order
        (
            "system_role_updated",
            {"name": "trader", "added": list(STRIPPED), "removed": [], "source": "system role catalogue"},
        ),
        (
            "system_role_created",
            {
                "name": DROPPED,
                "added": sorted(SYSTEM_ROLES[DROPPED][1]),
                "removed": [],
                "source": "system role catalogue",
            },
        ),
    ]
    # the holder's token carries the old grants: it is refused at once, and a new one can trade
    with pytest.raises(InvalidToken, match="permissions changed"):
        await h.principal_of(container, old)
    fresh = await h.signed_in_again(container, trader)
    assert (await h.principal_of(container, fresh)).can("trading.trade")
    assert await trades_status(container, fresh) == 200

    again = await sync_system_roles(SyncSystemRoles(tenant), container.auth)

    assert again == SystemRolesSynced(tenants_checked=1)
    assert await stored_roles(connection, tenant) == roles
    assert len(await sync_audit(connection, tenant)) == 2
    assert (await h.principal_of(container, fresh)).can("trading.trade")  # nothing made it stale


async def test_every_tenant_is_checked_when_none_is_named(
    container: Container, connection: AsyncConnection, admin: Actor
) -> None:
    other = await h.new_tenant(container, "Guntur Chilli Traders")
    for tenant in (admin.tenant_id, other.tenant_id):
        await age(connection, tenant)

    summary = await sync_system_roles(SyncSystemRoles(), container.auth)

    ours = {admin.tenant_id, other.tenant_id}
    assert summary.tenants_checked >= 2
    assert {(u.tenant_id, u.role, u.added) for u in summary.roles_updated if u.tenant_id in ours} == {
        (tenant, "trader", STRIPPED) for tenant in ours
    }
    assert {(c.tenant_id, c.role) for c in summary.roles_created if c.tenant_id in ours} == {
        (tenant, DROPPED) for tenant in ours
    }
    for tenant in ours:
        assert without_versions(await stored_roles(connection, tenant)) == catalogue()
    assert not (await sync_system_roles(SyncSystemRoles(), container.auth)).changed


async def test_one_named_tenant_leaves_the_others_alone(
    container: Container, connection: AsyncConnection, admin: Actor
) -> None:
    other = await h.new_tenant(container, "Guntur Chilli Traders")
    await age(connection, admin.tenant_id)
    await age(connection, other.tenant_id)
    others_before = await stored_roles(connection, other.tenant_id)

    summary = await sync_system_roles(SyncSystemRoles(admin.tenant_id), container.auth)

    assert {u.tenant_id for u in summary.roles_updated} == {admin.tenant_id}
    assert await stored_roles(connection, other.tenant_id) == others_before
    assert await sync_audit(connection, other.tenant_id) == []


async def test_holders_of_a_role_inheriting_a_system_role_follow_too(
    container: Container, connection: AsyncConnection, admin: Actor
) -> None:
    senior = await h.define_role(
        container, admin, ["partners.approve"], [await h.role_id(container, admin, "trader")], name="senior_trader"
    )
    await age(connection, admin.tenant_id)
    user = await h.signed_in_again(container, await h.internal_user(container, admin, senior))
    assert not (await h.principal_of(container, user)).can("trading.trade")

    await sync_system_roles(SyncSystemRoles(admin.tenant_id), container.auth)

    with pytest.raises(InvalidToken):
        await h.principal_of(container, user)
    assert (await h.principal_of(container, await h.signed_in_again(container, user))).can("trading.trade")


async def test_a_new_description_alone_is_synced_without_making_tokens_stale(
    container: Container, connection: AsyncConnection, admin: Actor
) -> None:
    trader = await h.internal_user(container, admin, "trader")
    await _platform(connection)
    await connection.execute(
        text("UPDATE identity.roles SET description = 'Trades' WHERE tenant_id = :tenant AND name = 'trader'"),
        {"tenant": admin.tenant_id},
    )

    summary = await sync_system_roles(SyncSystemRoles(admin.tenant_id), container.auth)

    assert summary.roles_updated == (SystemRoleUpdated(admin.tenant_id, "trader", (), (), True),)
    [(_, details)] = await sync_audit(connection, admin.tenant_id)
    assert details["description"] == {"from": "Trades", "to": SYSTEM_ROLES["trader"][0]}
    assert (await h.principal_of(container, trader)).can("trading.trade")  # the same grants: the token holds


async def test_a_tenants_own_role_with_a_system_roles_name_is_kept_and_reported(
    container: Container, connection: AsyncConnection, admin: Actor
) -> None:
    await age(connection, admin.tenant_id)  # the auditor system role is gone...
    await h.define_role(container, admin, ["commodities.read"], name=DROPPED)  # ...and the tenant took the name

    summary = await sync_system_roles(SyncSystemRoles(admin.tenant_id), container.auth)

    assert summary.skipped == (SystemRoleSkipped(admin.tenant_id, DROPPED, "the tenant has its own role of that name"),)
    assert summary.roles_created == ()
    assert (await stored_roles(connection, admin.tenant_id))[DROPPED] == ("", ["commodities.read"], False, 1)


async def test_a_catalogue_pattern_matching_no_permission_fails_before_any_change(
    container: Container, connection: AsyncConnection, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    await age(connection, admin.tenant_id)
    before = await stored_roles(connection, admin.tenant_id)
    monkeypatch.setitem(SYSTEM_ROLES, "finance", ("Invoices", ("commodities.read", "ledgers.post")))

    with pytest.raises(InvalidIdentityInput) as invalid:
        await sync_system_roles(SyncSystemRoles(), container.auth)

    assert [e.field for e in invalid.value.errors] == ["system_roles.finance.permissions.1"]
    assert await stored_roles(connection, admin.tenant_id) == before


async def test_an_unknown_tenant_is_not_found(container: Container) -> None:
    with pytest.raises(ResourceNotFound):
        await sync_system_roles(SyncSystemRoles(uuid.uuid4()), container.auth)
