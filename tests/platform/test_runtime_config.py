"""The configuration reader against PostgreSQL: precedence, flags, the per-process snapshot (fresh on
its own writes, on a change event, and after the poll interval), versions, audit and outbox."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.app.bootstrap import Container
from backend.contracts.platform.events import ConfigChangedV1
from backend.core.errors import ConcurrencyConflict, PreconditionFailed
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.platform.application.runtime_config import RuntimeConfig
from backend.modules.platform.domain.errors import ConfigValueNotSet, InvalidConfigValue, UnknownConfigKey
from tests.platform.helpers import MESSAGE, put, unset

TRADING = "feature.trading"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def reader_of(container: Container, clock: FakeClock, poll_seconds: float = 2.0) -> RuntimeConfig:
    """A second process's reader: the same database, its own snapshot."""
    return RuntimeConfig(lambda: container.platform_uow(SYSTEM_SCOPE), poll_seconds, clock)


async def test_the_default_until_a_value_is_set_then_the_narrowest(container: Container) -> None:
    tenant, branch = uuid.uuid4(), uuid.uuid4()
    config = container.config
    assert await config.value(MESSAGE, tenant_id=tenant, branch_id=branch) is None
    await put(container, "platform notice")
    assert await config.value(MESSAGE, tenant_id=tenant, branch_id=branch) == "platform notice"
    await put(container, "tenant notice", tenant_id=tenant)
    await put(container, "branch notice", tenant_id=tenant, branch_id=branch)
    assert await config.value(MESSAGE) == "platform notice"
    assert await config.value(MESSAGE, tenant_id=tenant) == "tenant notice"
    assert await config.value(MESSAGE, tenant_id=tenant, branch_id=branch) == "branch notice"
    assert await config.value(MESSAGE, tenant_id=uuid.uuid4()) == "platform notice"
    await unset(container, tenant_id=tenant, branch_id=branch)
    assert await config.value(MESSAGE, tenant_id=tenant, branch_id=branch) == "tenant notice"


async def test_flags_target_tenants(container: Container) -> None:
    allowed, denied, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert not await container.config.flag("trading", tenant_id=allowed)  # declared off
    rule = {"enabled": True, "allow_tenants": [str(allowed)], "deny_tenants": [str(denied)], "percentage": 0}
    await put(container, rule, key=TRADING)
    assert await container.config.flag("trading", tenant_id=allowed)
    assert await container.config.flag(TRADING, tenant_id=allowed)
    assert not await container.config.flag("trading", tenant_id=denied)
    assert not await container.config.flag("trading", tenant_id=other)
    await put(container, {**rule, "percentage": 100}, key=TRADING)
    assert await container.config.flag("trading", tenant_id=other)
    assert not await container.config.flag("trading", tenant_id=denied)


async def test_unknown_keys_and_flags_are_not_found(container: Container) -> None:
    with pytest.raises(UnknownConfigKey):
        await container.config.value("nobody.declared_this")
    with pytest.raises(UnknownConfigKey):
        await container.config.flag("no_such_feature")


async def test_another_process_sees_a_change_after_the_poll_interval_with_one_reload(container: Container) -> None:
    clock = FakeClock()
    other = reader_of(container, clock)
    assert await other.value(MESSAGE) is None
    assert other.loads == 1
    await put(container, "changed elsewhere")  # committed by "this" process; ``other`` heard nothing
    assert await other.value(MESSAGE) is None  # served from its snapshot
    clock.now += 1.9
    assert await other.value(MESSAGE) is None
    clock.now += 0.2  # past the poll interval: one counter query, and a reload as it moved
    assert await other.value(MESSAGE) == "changed elsewhere"
    assert other.loads == 2
    clock.now += 5  # the counter did not move: checked, not reloaded
    assert await other.value(MESSAGE) == "changed elsewhere"
    assert other.loads == 2


async def test_the_change_event_makes_another_process_reload_at_once(container: Container) -> None:
    clock = FakeClock()
    other = reader_of(container, clock, poll_seconds=3600)
    assert await other.value(MESSAGE) is None
    container.bus.subscribe(ConfigChangedV1.wire_name, "test.other_process_reload", other.on_config_changed)
    await put(container, "announced")
    assert await other.value(MESSAGE) is None
    assert await container.relay.drain() >= 1
    assert await other.value(MESSAGE) == "announced"
    assert other.loads == 2


async def test_an_old_event_does_not_reload(container: Container) -> None:
    clock = FakeClock()
    reader = reader_of(container, clock, poll_seconds=3600)
    await put(container, "current")
    assert await reader.value(MESSAGE) == "current"
    assert reader.revision is not None
    stale = ConfigChangedV1(key=MESSAGE, scope="platform", tenant_id=None, branch_id=None, version=1, revision=0)
    await reader.on_config_changed(stale)
    await reader.value(MESSAGE)
    assert reader.loads == 1


async def test_versions_guard_changes(container: Container) -> None:
    first = await put(container, "one", expected_version=0)
    assert first.version == 1
    with pytest.raises(PreconditionFailed, match="at version 1, not 0") as caught:
        await put(container, "two", expected_version=0)
    assert caught.value.extra == {"current_version": 1}
    assert (await put(container, "two", expected_version=1)).version == 2
    assert (await put(container, "three")).version == 3  # no precondition asked
    with pytest.raises(PreconditionFailed):
        await put(container, "four", expected_version=2)


async def test_setting_the_same_value_changes_nothing(container: Container, connection: AsyncConnection) -> None:
    tenant = uuid.uuid4()
    await put(container, "same", tenant_id=tenant)
    again = await put(container, "same", tenant_id=tenant)
    assert again.version == 1
    assert await _audit_count(connection, tenant) == 1


async def test_a_value_breaking_the_schema_is_refused(container: Container) -> None:
    with pytest.raises(InvalidConfigValue, match=f"{MESSAGE}: value: 42 is not of type 'string', 'null'"):
        await put(container, 42)
    with pytest.raises(InvalidConfigValue, match="Additional properties are not allowed"):
        await put(container, {"enabled": True, "colour": "red"}, key=TRADING)


async def test_clearing_nothing_is_not_found(container: Container) -> None:
    with pytest.raises(ConfigValueNotSet):
        await unset(container, tenant_id=uuid.uuid4())


async def test_every_change_is_audited_and_published(container: Container, connection: AsyncConnection) -> None:
    tenant = uuid.uuid4()
    await put(container, "first", tenant_id=tenant)
    await put(container, None, tenant_id=tenant)  # null is a value
    await unset(container, tenant_id=tenant)
    await _platform(connection)
    audit = (
        await connection.execute(
            text(
                "SELECT old_value, old_version, new_value, new_version, actor, revision, scope, tenant_id"
                " FROM platform.config_audit WHERE key = :key AND tenant_id = :tenant ORDER BY seq"
            ),
            {"key": MESSAGE, "tenant": tenant},
        )
    ).all()
    assert [(r.old_value, r.old_version, r.new_value, r.new_version) for r in audit] == [
        (None, 0, "first", 1),
        ("first", 1, None, 2),
        (None, 2, None, 0),
    ]
    assert {(r.actor, r.scope, r.tenant_id) for r in audit} == {("test", "tenant", tenant)}
    revisions = [r.revision for r in audit]
    assert revisions == sorted(revisions)
    assert len(set(revisions)) == 3
    events = (
        await connection.execute(
            text(
                "SELECT payload FROM platform.outbox WHERE wire_name = :w AND payload->>'tenant_id' = :t ORDER BY seq"
            ),
            {"w": ConfigChangedV1.wire_name, "t": str(tenant)},
        )
    ).all()
    payloads = [row.payload for row in events]
    assert [(p["value"], p["version"], p["cleared"]) for p in payloads] == [
        ("first", 1, False),
        (None, 2, False),
        (None, 0, True),
    ]
    assert [p["revision"] for p in payloads] == revisions


async def test_a_lost_first_set_race_is_a_conflict(container: Container) -> None:
    from backend.modules.platform.domain.entry import ConfigEntry
    from tests.platform.helpers import target

    await put(container, "won")
    async with container.platform_uow(SYSTEM_SCOPE) as uow:
        entry, _ = ConfigEntry.create(MESSAGE, target(), "lost", "test", 0)
        with pytest.raises(ConcurrencyConflict):
            await uow.config.add(entry)


async def _platform(connection: AsyncConnection) -> None:
    await connection.execute(text("SELECT set_config('mandi.platform', 'on', true)"))


async def _audit_count(connection: AsyncConnection, tenant: uuid.UUID) -> int:
    await _platform(connection)
    count = await connection.scalar(
        text("SELECT count(*) FROM platform.config_audit WHERE tenant_id = :t"), {"t": tenant}
    )
    return int(count or 0)


async def test_an_unreachable_database_serves_the_last_snapshot(container: Container) -> None:
    clock = FakeClock()
    healthy = True

    def uow():  # type: ignore[no-untyped-def]
        if not healthy:
            raise ConnectionError("database down")
        return container.platform_uow(SYSTEM_SCOPE)

    reader = RuntimeConfig(uow, 2.0, clock)
    await put(container, "before the outage")
    assert await reader.value(MESSAGE) == "before the outage"
    healthy = False
    clock.now += 10
    assert await reader.value(MESSAGE) == "before the outage"
    healthy = True
    await put(container, "after the outage")
    assert await reader.value(MESSAGE) == "before the outage"  # checked a moment ago; waits an interval
    clock.now += 2
    assert await reader.value(MESSAGE) == "after the outage"


async def test_without_any_snapshot_a_failure_is_raised(container: Container) -> None:
    def uow():  # type: ignore[no-untyped-def]
        raise ConnectionError("database down")

    with pytest.raises(ConnectionError):
        await RuntimeConfig(uow, 2.0, FakeClock()).value(MESSAGE)
