"""Domain rules of runtime configuration: the narrowest value wins, targets have their shape,
values fit their schema, and writers stay in their scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from backend.modules.platform.domain.errors import ConfigScopeForbidden, InvalidConfigTarget, InvalidConfigValue
from backend.modules.platform.domain.policies import (
    ensure_may_write,
    ensure_scope_allowed,
    ensure_valid_value,
    same_json,
)
from backend.modules.platform.domain.precedence import Setting, effective, index
from backend.modules.platform.domain.scopes import PLATFORM, Scope, Target

KEY = "test.limit"
TENANT, OTHER_TENANT = uuid.uuid4(), uuid.uuid4()
BRANCH, OTHER_BRANCH = uuid.uuid4(), uuid.uuid4()


@dataclass(frozen=True)
class Key:
    key: str = KEY
    description: str = "a test key"
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "integer", "minimum": 0})
    default: Any = 10
    scopes: tuple[str, ...] = ("platform", "tenant", "branch")
    flag: bool = False


def _stored(*pairs: tuple[Target, Any]) -> dict[tuple[str, Target], Setting]:
    return index(Setting(KEY, target, value, 1) for target, value in pairs)


TENANT_TARGET = Target(Scope.TENANT, TENANT)
BRANCH_TARGET = Target(Scope.BRANCH, TENANT, BRANCH)


@pytest.mark.parametrize(
    ("stored", "reader", "value", "source"),
    [
        ([], BRANCH_TARGET, 10, None),
        ([(PLATFORM, 20)], BRANCH_TARGET, 20, Scope.PLATFORM),
        ([(PLATFORM, 20), (TENANT_TARGET, 30)], BRANCH_TARGET, 30, Scope.TENANT),
        ([(PLATFORM, 20), (TENANT_TARGET, 30), (BRANCH_TARGET, 40)], BRANCH_TARGET, 40, Scope.BRANCH),
        ([(TENANT_TARGET, 30), (BRANCH_TARGET, 40)], PLATFORM, 10, None),
        ([(PLATFORM, 20), (BRANCH_TARGET, 40)], TENANT_TARGET, 20, Scope.PLATFORM),
        ([(PLATFORM, 20), (BRANCH_TARGET, 40)], Target(Scope.BRANCH, TENANT, OTHER_BRANCH), 20, Scope.PLATFORM),
        ([(TENANT_TARGET, 30)], Target(Scope.TENANT, OTHER_TENANT), 10, None),
        ([(BRANCH_TARGET, None)], BRANCH_TARGET, None, Scope.BRANCH),  # null is a value, not "unset"
    ],
)
def test_the_narrowest_value_wins(
    stored: list[tuple[Target, Any]], reader: Target, value: Any, source: Scope | None
) -> None:
    result = effective(KEY, 10, _stored(*stored), reader)
    assert (result.value, result.source) == (value, source)


def test_the_default_has_version_zero_and_a_stored_value_its_own() -> None:
    assert effective(KEY, 10, {}, PLATFORM).version == 0
    stored = {(KEY, PLATFORM): Setting(KEY, PLATFORM, 5, 7)}
    assert effective(KEY, 10, stored, TENANT_TARGET).version == 7


def test_lookup_order_is_narrowest_first() -> None:
    assert BRANCH_TARGET.lookup_order() == (BRANCH_TARGET, TENANT_TARGET, PLATFORM)
    assert TENANT_TARGET.lookup_order() == (TENANT_TARGET, PLATFORM)
    assert PLATFORM.lookup_order() == (PLATFORM,)


@pytest.mark.parametrize(
    ("scope", "tenant", "branch"),
    [
        (Scope.PLATFORM, TENANT, None),
        (Scope.PLATFORM, None, BRANCH),
        (Scope.TENANT, None, None),
        (Scope.TENANT, TENANT, BRANCH),
        (Scope.BRANCH, TENANT, None),
        (Scope.BRANCH, None, BRANCH),
    ],
)
def test_a_target_has_exactly_the_ids_of_its_scope(scope: Scope, tenant: uuid.UUID, branch: uuid.UUID) -> None:
    with pytest.raises(InvalidConfigTarget, match=f"a {scope} scope value names"):
        Target(scope, tenant, branch)


def test_a_branch_is_read_within_its_tenant() -> None:
    assert Target.narrowest(TENANT, BRANCH) == BRANCH_TARGET
    assert Target.narrowest(TENANT, None) == TENANT_TARGET
    assert Target.narrowest(None, None) == PLATFORM
    with pytest.raises(InvalidConfigTarget, match="name the tenant too"):
        Target.narrowest(None, BRANCH)


def test_a_value_breaking_the_schema_names_the_key_and_the_place() -> None:
    ensure_valid_value(Key(), 3)
    with pytest.raises(InvalidConfigValue) as caught:
        ensure_valid_value(Key(), -1)
    assert caught.value.detail.startswith(f"{KEY}: value: -1 is less than the minimum of 0")
    assert caught.value.extra == {"key": KEY}
    nested = Key(schema={"type": "object", "properties": {"w": {"type": "array", "items": {"type": "number"}}}})
    with pytest.raises(InvalidConfigValue) as caught:
        ensure_valid_value(nested, {"w": [1, "x"]})
    assert [e.field for e in caught.value.errors] == ["value.w.1"]


def test_formats_are_checked() -> None:
    key = Key(schema={"type": "string", "format": "uuid"}, default=str(uuid.uuid4()))
    with pytest.raises(InvalidConfigValue, match="is not a 'uuid'"):
        ensure_valid_value(key, "not-a-uuid")


def test_a_key_is_set_only_at_its_declared_scopes() -> None:
    platform_only = Key(scopes=("platform",))
    ensure_scope_allowed(platform_only, PLATFORM)
    with pytest.raises(InvalidConfigTarget, match="can be set at platform scope, not at tenant scope"):
        ensure_scope_allowed(platform_only, TENANT_TARGET)


def test_platform_operators_write_anywhere() -> None:
    for target in (PLATFORM, TENANT_TARGET, BRANCH_TARGET):
        ensure_may_write(target, platform=True, tenant_id=None, branches=None)


def test_a_tenant_writes_only_its_own_tenant_and_branches() -> None:
    ensure_may_write(TENANT_TARGET, platform=False, tenant_id=TENANT, branches=None)
    ensure_may_write(BRANCH_TARGET, platform=False, tenant_id=TENANT, branches=None)
    with pytest.raises(ConfigScopeForbidden, match="only platform operators"):
        ensure_may_write(PLATFORM, platform=False, tenant_id=TENANT, branches=None)
    with pytest.raises(ConfigScopeForbidden, match="only its own"):
        ensure_may_write(Target(Scope.TENANT, OTHER_TENANT), platform=False, tenant_id=TENANT, branches=None)


def test_a_writer_limited_to_branches_writes_only_those() -> None:
    ensure_may_write(BRANCH_TARGET, platform=False, tenant_id=TENANT, branches=frozenset({BRANCH}))
    with pytest.raises(ConfigScopeForbidden, match="does not cover branch"):
        ensure_may_write(
            Target(Scope.BRANCH, TENANT, OTHER_BRANCH), platform=False, tenant_id=TENANT, branches=frozenset({BRANCH})
        )
    with pytest.raises(ConfigScopeForbidden, match="tenant-wide"):
        ensure_may_write(TENANT_TARGET, platform=False, tenant_id=TENANT, branches=frozenset({BRANCH}))


def test_json_equality_is_strict() -> None:
    assert same_json({"a": [1, 2]}, {"a": [1, 2]})
    assert not same_json(1, True)
    assert not same_json(1, 1.0)
    assert not same_json(None, "null")
