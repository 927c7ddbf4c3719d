"""Roles: names, permission patterns, changes, the inheritance hierarchy (cycles, closure) and pattern expansion."""

from __future__ import annotations

import itertools
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.rbac import Role, closure, expand, find_cycle

KNOWN = [
    "commodities.read",
    "commodities.write",
    "partners.read",
    "partners.approve",
    "trades.read",
    "trades.book",
]
TENANT = uuid.uuid4()


def role(
    name: str, *, inherits: tuple[Role, ...] = (), permissions: tuple[str, ...] = (), system: bool = False
) -> Role:
    return Role.define(TENANT, name, "", permissions, [r.id for r in inherits], KNOWN, system=system)


def roles_by_id(*roles: Role) -> dict[uuid.UUID, Role]:
    return {r.id: r for r in roles}


def define_errors(name: str = "trader", permissions: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    with pytest.raises(InvalidIdentityInput) as invalid:
        Role.define(TENANT, name, "", permissions, [], KNOWN)
    return [(e.field, e.message) for e in invalid.value.errors]


def test_define_a_role() -> None:
    parent = uuid.uuid4()
    trader = Role.define(TENANT, "trader", "  Books trades ", ["trades.book", "*.read"], [parent], KNOWN)

    assert (trader.tenant_id, trader.name, trader.description) == (TENANT, "trader", "Books trades")
    assert trader.permissions == frozenset({"trades.book", "*.read"})
    assert trader.inherits == frozenset({parent})
    assert not trader.system
    assert (trader.version, trader.persisted_version) == (1, 0)


@pytest.mark.parametrize("name", ["t1", "head_trader", "a" * 50])
def test_snake_case_names_are_accepted(name: str) -> None:
    assert role(name).name == name


@pytest.mark.parametrize("name", ["t", "Trader", "1trader", "_trader", "head trader", "head-trader", "a" * 51, ""])
def test_other_names_are_refused(name: str) -> None:
    assert [field for field, _ in define_errors(name)] == ["name"]


@pytest.mark.parametrize("pattern", ["*", "*.read", "commodities.*", "trades.book"])
def test_permission_patterns_are_accepted(pattern: str) -> None:
    assert role("trader", permissions=(pattern,)).permissions == {pattern}


@pytest.mark.parametrize(
    "pattern", ["", "trades", "trades.book.all", "Trades.book", "*.*", "tra*.book", "trades.*book", "trades.b00k"]
)
def test_malformed_patterns_are_refused(pattern: str) -> None:
    [(field, message)] = define_errors(permissions=(pattern,))
    assert field == "permissions.0"
    assert "is not a permission or pattern" in message


@pytest.mark.parametrize("pattern", ["*.delete", "reports.*", "trades.cancel"])
def test_a_pattern_matching_no_declared_permission_is_refused(pattern: str) -> None:
    [(field, message)] = define_errors(permissions=(pattern,))
    assert field == "permissions.0"
    assert "matches no declared permission" in message


def test_the_error_names_the_position_of_the_offending_pattern() -> None:
    # the client sent ["trades.book", "reports.*"]; the second item is wrong, so the error must say permissions.1
    assert [field for field, _ in define_errors(permissions=("trades.book", "reports.*"))] == ["permissions.1"]


def test_name_and_pattern_errors_come_together() -> None:
    assert [field for field, _ in define_errors("T", ("reports.*",))] == ["name", "permissions.0"]


def test_change_a_stored_role() -> None:
    parent = role("viewer", permissions=("*.read",))
    trader = role("trader", permissions=("trades.book",))
    trader.persisted_version = trader.version

    trader.change(" Books and reads ", ["trades.*", "commodities.read"], [parent.id], KNOWN)

    assert trader.description == "Books and reads"
    assert trader.permissions == frozenset({"trades.*", "commodities.read"})
    assert trader.inherits == frozenset({parent.id})
    assert trader.version == 2

    trader.change(None, None, [], KNOWN)  # same unit of work
    assert (trader.description, trader.inherits, trader.version) == ("Books and reads", frozenset(), 2)


def test_a_refused_change_leaves_the_role_as_it_was() -> None:
    trader = role("trader", permissions=("trades.book",))

    with pytest.raises(InvalidIdentityInput):
        trader.change("new", ["reports.*"], [uuid.uuid4()], KNOWN)

    assert (trader.description, trader.permissions, trader.inherits) == ("", frozenset({"trades.book"}), frozenset())


def test_a_system_role_cannot_be_changed() -> None:
    admin = role("tenant_admin", permissions=("*",), system=True)

    with pytest.raises(StateConflict):
        admin.change("mine now", None, None, KNOWN)
    assert admin.description == ""


def test_inheriting_oneself_is_a_cycle() -> None:
    trader = role("trader")

    assert find_cycle(trader, [trader.id], roles_by_id(trader)) == ["trader", "trader"]


def test_a_direct_cycle_is_found() -> None:
    viewer = role("viewer")
    trader = role("trader", inherits=(viewer,))

    assert find_cycle(viewer, [trader.id], roles_by_id(viewer, trader)) == ["viewer", "trader", "viewer"]


def test_an_indirect_cycle_is_found() -> None:
    viewer = role("viewer")
    trader = role("trader", inherits=(viewer,))
    head = role("desk_head", inherits=(trader,))

    loop = find_cycle(viewer, [head.id], roles_by_id(viewer, trader, head))

    assert loop == ["viewer", "desk_head", "trader", "viewer"]


def test_an_acyclic_hierarchy_has_no_cycle() -> None:
    viewer = role("viewer")
    booker = role("booker", inherits=(viewer,))
    approver = role("approver", inherits=(viewer,))
    head = role("desk_head")

    # a diamond: desk_head -> booker -> viewer and desk_head -> approver -> viewer
    assert find_cycle(head, [booker.id, approver.id], roles_by_id(viewer, booker, approver, head)) is None


def test_a_new_role_not_yet_stored_is_checked_too() -> None:
    viewer = role("viewer")
    new = role("trader")

    assert find_cycle(new, [viewer.id], roles_by_id(viewer)) is None


def test_the_proposed_parents_replace_the_current_ones() -> None:
    viewer = role("viewer")
    trader = role("trader", inherits=(viewer,))
    viewer.inherits = frozenset({trader.id})  # stored data that already loops through trader
    roles = roles_by_id(viewer, trader)

    assert find_cycle(trader, [], roles) is None
    assert find_cycle(trader, [viewer.id], roles) == ["trader", "viewer", "trader"]


def test_unknown_parents_cannot_make_a_cycle() -> None:
    trader = role("trader")

    assert find_cycle(trader, [uuid.uuid4()], roles_by_id(trader)) is None


@settings(max_examples=200, deadline=None)
@given(
    edges=st.sets(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=15),
    proposed=st.sets(st.integers(0, 5), max_size=3),
)
def test_a_cycle_is_reported_exactly_when_the_role_reaches_itself(
    edges: set[tuple[int, int]], proposed: set[int]
) -> None:
    roles = [role(f"r{i}") for i in range(6)]
    for child in range(1, 6):
        roles[child].inherits = frozenset(roles[parent].id for c, parent in edges if c == child)
    graph = {i: {p for c, p in edges if c == i} for i in range(6)} | {0: proposed}

    reachable, frontier = set(), set(graph[0])
    while frontier:
        reachable |= frontier
        frontier = {p for node in frontier for p in graph[node]} - reachable

    loop = find_cycle(roles[0], [roles[i].id for i in proposed], roles_by_id(*roles))

    assert (loop is not None) == (0 in reachable)
    if loop is not None:
        steps = [int(name[1:]) for name in loop]
        assert steps[0] == steps[-1] == 0
        assert all(parent in graph[child] for child, parent in itertools.pairwise(steps))


def test_closure_follows_inheritance_transitively() -> None:
    viewer = role("viewer")
    trader = role("trader", inherits=(viewer,))
    head = role("desk_head", inherits=(trader,))
    auditor = role("auditor")
    roles = roles_by_id(viewer, trader, head, auditor)

    assert closure([head.id], roles) == {head.id, trader.id, viewer.id}
    assert closure([trader.id, auditor.id], roles) == {trader.id, viewer.id, auditor.id}
    assert closure([], roles) == set()


def test_closure_skips_unknown_roles() -> None:
    viewer = role("viewer")
    trader = role("trader", inherits=(viewer,))
    trader.inherits = trader.inherits | {uuid.uuid4()}  # a parent deleted meanwhile

    assert closure([trader.id, uuid.uuid4()], roles_by_id(viewer, trader)) == {trader.id, viewer.id}


def test_closure_terminates_on_a_cycle() -> None:
    viewer = role("viewer")
    trader = role("trader", inherits=(viewer,))
    viewer.inherits = frozenset({trader.id})

    assert closure([viewer.id], roles_by_id(viewer, trader)) == {viewer.id, trader.id}


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["*"], set(KNOWN)),
        (["*.read"], {"commodities.read", "partners.read", "trades.read"}),
        (["commodities.*"], {"commodities.read", "commodities.write"}),
        (["trades.book"], {"trades.book"}),
        (["trades.book", "*.read"], {"trades.book", "commodities.read", "partners.read", "trades.read"}),
        (["trades.cancel"], set()),
        ([], set()),
    ],
)
def test_expand_matches_patterns_against_known_codes(patterns: list[str], expected: set[str]) -> None:
    assert expand(patterns, KNOWN) == expected
