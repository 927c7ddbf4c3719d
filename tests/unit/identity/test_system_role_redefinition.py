"""Redefining a system role from the catalogue: only system roles, validated patterns, the change reported."""

from __future__ import annotations

import uuid

import pytest

from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.rbac import Redefinition, Role

KNOWN = ["commodities.read", "commodities.write", "trades.read", "trades.book", "finance.invoice"]
TENANT = uuid.uuid4()


def stored_system_role(*permissions: str, description: str = "Books trades") -> Role:
    role = Role.define(TENANT, "trader", description, permissions, [], KNOWN, system=True)
    role.persisted_version = role.version  # as loaded from the database
    return role


def test_added_and_removed_patterns_are_reported_and_applied() -> None:
    trader = stored_system_role("commodities.read", "trades.read")

    change = trader.redefine("Books trades", ["commodities.read", "trades.*", "finance.invoice"], KNOWN)

    assert change == Redefinition(added=frozenset({"trades.*", "finance.invoice"}), removed=frozenset({"trades.read"}))
    assert change.changed
    assert trader.permissions == frozenset({"commodities.read", "trades.*", "finance.invoice"})
    assert trader.version == 2


def test_a_new_description_alone_is_a_change() -> None:
    trader = stored_system_role("trades.book", description="Old words")

    change = trader.redefine("  New words ", ["trades.book"], KNOWN)

    assert change == Redefinition(previous_description="Old words")
    assert change.changed
    assert (trader.description, trader.version) == ("New words", 2)


def test_the_same_definition_changes_nothing() -> None:
    trader = stored_system_role("trades.book", "commodities.read")

    change = trader.redefine(" Books trades", ["commodities.read", "trades.book"], KNOWN)

    assert change == Redefinition()
    assert not change.changed
    assert trader.version == 1


def test_two_changes_in_one_unit_of_work_bump_the_version_once() -> None:
    trader = stored_system_role("trades.book")

    trader.redefine("Books trades", ["trades.read"], KNOWN)
    trader.redefine("Books and reads", ["trades.read", "trades.book"], KNOWN)

    assert trader.version == 2


def test_a_tenants_own_role_cannot_be_redefined() -> None:
    desk = Role.define(TENANT, "desk_head", "Ours", ["trades.book"], [], KNOWN)

    with pytest.raises(StateConflict, match="only system roles"):
        desk.redefine("Catalogue", ["*"], KNOWN)

    assert (desk.description, desk.permissions, desk.version) == ("Ours", frozenset({"trades.book"}), 1)


def test_patterns_must_match_declared_permissions() -> None:
    trader = stored_system_role("trades.book")

    with pytest.raises(InvalidIdentityInput) as invalid:
        trader.redefine("Books trades", ["trades.book", "reports.*", "Bad"], KNOWN)

    assert [e.field for e in invalid.value.errors] == ["permissions.1", "permissions.2"]
    assert (trader.permissions, trader.version) == (frozenset({"trades.book"}), 1)
