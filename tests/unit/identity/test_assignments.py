"""Role assignments (scope, expiry, revocation) and static separation-of-duty sets."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from backend.core.clock import utc_now
from backend.core.principal import Grant
from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.events import RoleAssigned
from backend.modules.identity.domain.rbac import Role, RoleAssignment, SodConstraint

TENANT = uuid.uuid4()
TRADER = Role.define(TENANT, "trader", "", ["trades.book"], [], ["trades.book"])
MUMBAI, DELHI = uuid.uuid4(), uuid.uuid4()
COTTON = uuid.uuid4()


def assign(
    *,
    branches: tuple[uuid.UUID, ...] = (),
    commodities: tuple[uuid.UUID, ...] = (),
    expires_in: timedelta | None = None,
) -> RoleAssignment:
    expires_at = None if expires_in is None else utc_now() + expires_in
    return RoleAssignment.grant(TENANT, uuid.uuid4(), TRADER, branches, commodities, expires_at, uuid.uuid4())


def sod_errors(name: str = "maker vs checker", roles: int = 2, max_roles: int = 1) -> list[str]:
    with pytest.raises(InvalidIdentityInput) as invalid:
        SodConstraint.define(TENANT, name, [uuid.uuid4() for _ in range(roles)], max_roles)
    return [e.field for e in invalid.value.errors]


def test_grant_records_the_assignment_with_the_role_name() -> None:
    user, admin = uuid.uuid4(), uuid.uuid4()
    before = utc_now()

    assignment = RoleAssignment.grant(TENANT, user, TRADER, [MUMBAI, MUMBAI], [COTTON], None, admin)

    assert (assignment.tenant_id, assignment.user_id, assignment.role_id) == (TENANT, user, TRADER.id)
    assert (assignment.branch_ids, assignment.commodity_ids) == (frozenset({MUMBAI}), frozenset({COTTON}))
    assert (assignment.expires_at, assignment.granted_by, assignment.revoked_at) == (None, admin, None)
    assert before <= assignment.granted_at <= utc_now()
    events = assignment.pull_events()
    assert [type(e) for e in events] == [RoleAssigned]
    assert (events[0].assignment_id, events[0].role_name) == (assignment.id, "trader")  # type: ignore[attr-defined]


@pytest.mark.parametrize("expires_in", [timedelta(0), timedelta(seconds=-1), timedelta(days=-30)])
def test_an_expiry_in_the_past_is_refused(expires_in: timedelta) -> None:
    with pytest.raises(InvalidIdentityInput) as invalid:
        assign(expires_in=expires_in)
    assert [e.field for e in invalid.value.errors] == ["expires_at"]


def test_active_honours_the_expiry() -> None:
    assignment = assign(expires_in=timedelta(days=7))
    assert assignment.expires_at is not None
    expiry = assignment.expires_at

    assert assignment.active(expiry - timedelta(seconds=1))
    assert not assignment.active(expiry)
    assert not assignment.active(expiry + timedelta(days=1))


def test_an_assignment_without_expiry_stays_active() -> None:
    assert assign().active(utc_now() + timedelta(days=3650))


def test_revoke_ends_the_assignment_once() -> None:
    assignment = assign()
    admin = uuid.uuid4()

    assignment.revoke(admin)

    assert assignment.revoked_at is not None
    assert assignment.revoked_by == admin
    assert not assignment.active(utc_now())
    with pytest.raises(StateConflict):
        assignment.revoke(uuid.uuid4())
    assert assignment.revoked_by == admin


@pytest.mark.parametrize(
    ("branches", "commodities", "expected"),
    [
        ((), (), Grant(None, None)),
        ((MUMBAI, DELHI), (), Grant(frozenset({MUMBAI, DELHI}), None)),
        ((), (COTTON,), Grant(None, frozenset({COTTON}))),
        ((MUMBAI,), (COTTON,), Grant(frozenset({MUMBAI}), frozenset({COTTON}))),
    ],
    ids=["whole-tenant", "branches", "commodities", "both"],
)
def test_grant_scope_maps_empty_sets_to_everywhere(
    branches: tuple[uuid.UUID, ...], commodities: tuple[uuid.UUID, ...], expected: Grant
) -> None:
    assert assign(branches=branches, commodities=commodities).grant_scope() == expected


def test_define_a_separation_of_duty_set() -> None:
    roles = frozenset({uuid.uuid4(), uuid.uuid4(), uuid.uuid4()})

    constraint = SodConstraint.define(TENANT, "  front vs back office ", roles, max_roles=2)

    assert (constraint.tenant_id, constraint.name, constraint.role_ids) == (TENANT, "front vs back office", roles)
    assert constraint.max_roles == 2
    assert SodConstraint.define(TENANT, "maker vs checker", [uuid.uuid4(), uuid.uuid4()]).max_roles == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_set_needs_a_name(name: str) -> None:
    assert sod_errors(name=name) == ["name"]


@pytest.mark.parametrize("roles", [0, 1])
def test_a_set_needs_two_roles(roles: int) -> None:
    assert sod_errors(roles=roles) == ["role_ids"]


def test_the_same_role_twice_is_one_role() -> None:
    role = uuid.uuid4()
    with pytest.raises(InvalidIdentityInput) as invalid:
        SodConstraint.define(TENANT, "maker vs checker", [role, role])
    assert [e.field for e in invalid.value.errors] == ["role_ids"]


@pytest.mark.parametrize(("roles", "max_roles"), [(2, 0), (2, 2), (3, 3), (3, -1), (3, 4)])
def test_max_roles_must_be_at_least_one_and_below_the_number_of_roles(roles: int, max_roles: int) -> None:
    assert sod_errors(roles=roles, max_roles=max_roles) == ["max_roles"]


def test_held_and_violated_by() -> None:
    maker, checker, approver, viewer = (uuid.uuid4() for _ in range(4))
    one_of_three = SodConstraint.define(TENANT, "duties", [maker, checker, approver])
    two_of_three = SodConstraint.define(TENANT, "duties", [maker, checker, approver], max_roles=2)

    assert one_of_three.held({maker, viewer}) == {maker}
    assert not one_of_three.violated_by({maker, viewer})
    assert one_of_three.violated_by({maker, checker})
    assert not two_of_three.violated_by({maker, checker, viewer})
    assert two_of_three.violated_by({maker, checker, approver})
    assert not one_of_three.violated_by(set())
