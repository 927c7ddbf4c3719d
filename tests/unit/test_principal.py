"""The principal: its shape per kind, its data scope, and where each permission holds (RBAC3 scoping)."""

from __future__ import annotations

import re
import uuid

import pytest

from backend.core.errors import Forbidden, MakerCheckerViolation
from backend.core.principal import (
    SYSTEM_SCOPE,
    DataScope,
    Grant,
    Principal,
    UserKind,
    ensure_not_maker,
    merge_grants,
)

TENANT, PARTNER = uuid.uuid4(), uuid.uuid4()
B1, B2, B3 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
C1, C2 = uuid.uuid4(), uuid.uuid4()
BOOK = "trades.book"


def staff(*grants: Grant, permission: str = BOOK) -> Principal:
    return Principal(uuid.uuid4(), UserKind.INTERNAL, TENANT, grants={permission: grants} if grants else {})


def test_user_kinds_have_stable_values() -> None:
    assert [kind.value for kind in UserKind] == ["platform", "internal", "external"]


@pytest.mark.parametrize(
    ("kind", "tenant", "partner"),
    [(UserKind.PLATFORM, None, None), (UserKind.INTERNAL, TENANT, None), (UserKind.EXTERNAL, TENANT, PARTNER)],
)
def test_each_kind_has_its_shape(kind: UserKind, tenant: uuid.UUID | None, partner: uuid.UUID | None) -> None:
    principal = Principal(uuid.uuid4(), kind, tenant, partner)
    assert (principal.tenant_id, principal.partner_id) == (tenant, partner)


@pytest.mark.parametrize(
    ("kind", "tenant", "partner"),
    [
        (UserKind.PLATFORM, TENANT, None),
        (UserKind.PLATFORM, None, PARTNER),
        (UserKind.INTERNAL, None, None),
        (UserKind.INTERNAL, TENANT, PARTNER),
        (UserKind.EXTERNAL, TENANT, None),
        (UserKind.EXTERNAL, None, PARTNER),
    ],
)
def test_a_principal_of_the_wrong_shape_is_refused(
    kind: UserKind, tenant: uuid.UUID | None, partner: uuid.UUID | None
) -> None:
    with pytest.raises(ValueError, match=f"a {kind} principal cannot have"):
        Principal(uuid.uuid4(), kind, tenant, partner)


def test_data_scope_follows_the_kind() -> None:
    platform = Principal(uuid.uuid4(), UserKind.PLATFORM, None)
    internal = Principal(uuid.uuid4(), UserKind.INTERNAL, TENANT)
    external = Principal(uuid.uuid4(), UserKind.EXTERNAL, TENANT, PARTNER)

    assert platform.data_scope == DataScope(None, None, platform=True) == SYSTEM_SCOPE
    assert internal.data_scope == DataScope(TENANT, None, platform=False)
    assert external.data_scope == DataScope(TENANT, PARTNER, platform=False)


def test_without_a_grant_nothing_is_allowed() -> None:
    nobody = staff()

    assert not nobody.can(BOOK)
    assert not nobody.can(BOOK, branch_id=B1, commodity_id=C1)
    assert nobody.permitted_branches(BOOK) == frozenset()


# RBAC3 matrix: which (branch, commodity) questions each kind of grant answers; "any" asks about none in particular.
SCOPES = {
    "whole tenant": Grant(),
    "branch B1": Grant(branches=frozenset({B1})),
    "commodity C1": Grant(commodities=frozenset({C1})),
    "branch B1 and commodity C1": Grant(branches=frozenset({B1}), commodities=frozenset({C1})),
}
MATRIX = """
                             branch:  any         B1          B2
                          commodity:  any C1 C2   any C1 C2   any C1 C2
whole tenant                          Y   Y  Y    Y   Y  Y    Y   Y  Y
branch B1                             Y   Y  Y    Y   Y  Y    N   N  N
commodity C1                          Y   Y  N    Y   Y  N    Y   Y  N
branch B1 and commodity C1            Y   Y  N    Y   Y  N    N   N  N
"""
QUESTIONS = [(branch, commodity) for branch in (None, B1, B2) for commodity in (None, C1, C2)]
LABELS = {None: "any", B1: "B1", B2: "B2", C1: "C1", C2: "C2"}


def matrix_cases() -> list[object]:
    cases: list[object] = []
    for line in MATRIX.strip().splitlines()[2:]:
        scope, answers = re.split(r"\s{2,}", line, maxsplit=1)
        for (branch, commodity), answer in zip(QUESTIONS, answers.split(), strict=True):
            case_id = f"{scope}: {LABELS[branch]}/{LABELS[commodity]}"
            cases.append(pytest.param(SCOPES[scope], branch, commodity, answer == "Y", id=case_id))
    return cases


@pytest.mark.parametrize(("grant", "branch", "commodity", "allowed"), matrix_cases())
def test_rbac3_matrix(grant: Grant, branch: uuid.UUID | None, commodity: uuid.UUID | None, allowed: bool) -> None:
    principal = staff(grant)

    assert grant.covers(branch, commodity) is allowed
    assert principal.can(BOOK, branch_id=branch, commodity_id=commodity) is allowed
    assert not principal.can("trades.approve", branch_id=branch, commodity_id=commodity)


def test_several_grants_of_one_permission_add_up() -> None:
    # e.g. trader in branch B1 for every commodity, and for commodity C2 in every branch
    principal = staff(Grant(branches=frozenset({B1})), Grant(commodities=frozenset({C2})))

    assert principal.can(BOOK, branch_id=B1, commodity_id=C1)
    assert principal.can(BOOK, branch_id=B2, commodity_id=C2)
    assert not principal.can(BOOK, branch_id=B2, commodity_id=C1)


def test_a_multi_branch_grant_covers_each_listed_branch() -> None:
    principal = staff(Grant(branches=frozenset({B1, B2})))

    assert principal.can(BOOK, branch_id=B1)
    assert principal.can(BOOK, branch_id=B2)
    assert not principal.can(BOOK, branch_id=B3)


def test_require_passes_where_can_is_true() -> None:
    staff(Grant(branches=frozenset({B1}))).require(BOOK, branch_id=B1, commodity_id=C1)


def test_require_refuses_with_the_permission_and_branch() -> None:
    principal = staff(Grant(branches=frozenset({B1})))

    with pytest.raises(Forbidden) as refused:
        principal.require(BOOK, branch_id=B2)

    assert refused.value.extra == {"permission": BOOK}
    assert BOOK in refused.value.detail
    assert str(B2) in refused.value.detail


def test_require_without_a_branch_names_only_the_permission() -> None:
    with pytest.raises(Forbidden) as refused:
        staff().require(BOOK)

    assert refused.value.detail == f"permission {BOOK} is required"


@pytest.mark.parametrize(
    ("grants", "expected"),
    [
        ((Grant(),), None),
        ((Grant(commodities=frozenset({C1})),), None),
        ((Grant(branches=frozenset({B1})),), frozenset({B1})),
        ((Grant(branches=frozenset({B1})), Grant(frozenset({B2, B3}), frozenset({C1}))), frozenset({B1, B2, B3})),
        ((Grant(branches=frozenset({B1})), Grant()), None),
    ],
    ids=["whole-tenant", "commodity-only", "one-branch", "union-of-branches", "one-unscoped-grant-wins"],
)
def test_permitted_branches(grants: tuple[Grant, ...], expected: frozenset[uuid.UUID] | None) -> None:
    assert staff(*grants).permitted_branches(BOOK) == expected


def test_merge_grants_groups_by_code_in_order() -> None:
    everywhere, in_b1 = Grant(), Grant(branches=frozenset({B1}))

    merged = merge_grants([(BOOK, in_b1), ("trades.read", everywhere), (BOOK, everywhere)])

    assert merged == {BOOK: (in_b1, everywhere), "trades.read": (everywhere,)}
    assert merge_grants([]) == {}


def test_merged_grants_feed_a_principal() -> None:
    merged = merge_grants([(BOOK, Grant(branches=frozenset({B1}))), (BOOK, Grant(branches=frozenset({B2})))])
    principal = Principal(uuid.uuid4(), UserKind.INTERNAL, TENANT, grants=merged)

    assert principal.permitted_branches(BOOK) == frozenset({B1, B2})


def test_the_maker_cannot_check() -> None:
    maker = staff()

    with pytest.raises(MakerCheckerViolation, match="approve this partner") as refused:
        ensure_not_maker(maker, maker.user_id, "approve this partner")

    assert isinstance(refused.value, Forbidden)


def test_another_user_may_check() -> None:
    ensure_not_maker(staff(), uuid.uuid4(), "approve this partner")


def test_nothing_made_by_anyone_may_be_checked_by_anyone() -> None:
    ensure_not_maker(staff(), None, "approve this partner")
