"""Declaring keys: names, schemas, defaults and scopes are checked when the code declares them."""

from __future__ import annotations

import pytest

from backend.contracts.platform.config import FLAG_SCHEMA, declare, declare_flag, declared_key, declared_keys
from backend.modules.platform.application import keys


def test_the_platform_declares_its_keys() -> None:
    names = {k.key for k in declared_keys()}
    assert {"platform.maintenance_message", "feature.trading", "feature.partner_portal"} <= names
    assert keys.MAINTENANCE_MESSAGE.default is None
    assert keys.TRADING.flag
    assert keys.TRADING.schema == FLAG_SCHEMA
    assert keys.TRADING.scopes == ("platform",)


def test_a_repeated_identical_declaration_is_harmless() -> None:
    first = declare("test.repeat", "x", schema={"type": "integer"}, default=1)
    assert declare("test.repeat", "x", schema={"type": "integer"}, default=1) is first
    assert declared_key("test.repeat") is first


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"key": "Bad Key"}, "must look like 'context.name'"),
        ({"key": "nodot"}, "must look like 'context.name'"),
        ({"key": "feature.sneaky"}, "feature flags, and only they"),
        ({"key": "test.db_password"}, "looks like a secret"),
        ({"schema": {"type": "no-such-type"}}, "invalid JSON Schema"),
        ({"default": "ten"}, "the default does not satisfy the schema"),
        ({"scopes": ("region",)}, "scopes must be some of"),
        ({"scopes": ()}, "scopes must be some of"),
    ],
)
def test_a_bad_declaration_is_refused(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"key": "test.bad", "schema": {"type": "integer"}, "default": 1, **kwargs}
    key = arguments.pop("key")
    with pytest.raises(ValueError, match=message):
        declare(key, "bad", **arguments)  # type: ignore[arg-type]


def test_a_conflicting_second_declaration_is_refused() -> None:
    declare("test.conflict", "x", schema={"type": "integer"}, default=1)
    with pytest.raises(ValueError, match="declared twice"):
        declare("test.conflict", "x", schema={"type": "integer"}, default=2)


def test_scopes_are_kept_widest_first() -> None:
    key = declare("test.order", "x", schema={"type": "integer"}, default=1, scopes=("branch", "platform"))
    assert key.scopes == ("platform", "branch")


def test_a_flag_defaults_to_off() -> None:
    flag = declare_flag("test_default_off", "x")
    assert flag.key == "feature.test_default_off"
    assert flag.default["enabled"] is False
