"""Identity errors: each is a kind the HTTP layer maps to a status, and names what went wrong."""

from __future__ import annotations

import uuid

from backend.core.errors import Conflict, FieldError, NotFound, Unauthenticated, ValidationFailed
from backend.modules.identity.domain.errors import (
    AccountLocked,
    AccountUnavailable,
    DuplicateResource,
    InvalidCredentials,
    InvalidIdentityInput,
    InvalidToken,
    ResourceNotFound,
    RoleCycle,
    SeparationOfDutyConflict,
    StateConflict,
    SubUserLimitReached,
    WeakPassword,
)


def test_invalid_input_lists_every_field() -> None:
    error = InvalidIdentityInput([FieldError("name", "too long"), FieldError("country", "not a code")])

    assert isinstance(error, ValidationFailed)
    assert error.code == "invalid-input"
    assert error.detail == "name: too long; country: not a code"
    assert [e.field for e in error.errors] == ["name", "country"]


def test_weak_password_names_the_field_once_per_reason() -> None:
    error = WeakPassword(["too short", "too plain"], field="new_password")

    assert isinstance(error, ValidationFailed)
    assert error.code == "weak-password"
    assert error.detail == "too short; too plain"
    assert error.errors == [FieldError("new_password", "too short"), FieldError("new_password", "too plain")]


def test_not_found_code_and_title_name_the_kind() -> None:
    reference = uuid.uuid4()
    error = ResourceNotFound("signing key", reference)

    assert isinstance(error, NotFound)
    assert error.code == "signing-key-not-found"
    assert error.title == "Signing key not found"
    assert str(reference) in error.detail
    assert ResourceNotFound.code == "not-found"  # the instance's code does not leak into the class


def test_duplicate_names_the_field() -> None:
    error = DuplicateResource("branch", "code", "MUM-1")

    assert isinstance(error, Conflict)
    assert error.code == "duplicate-branch"
    assert error.title == "Branch already exists"
    assert error.extra == {"field": "code"}
    assert "MUM-1" in error.detail


def test_authentication_failures_are_unauthenticated() -> None:
    for error in [InvalidCredentials(), AccountLocked(), AccountUnavailable("disabled"), InvalidToken("expired")]:
        assert isinstance(error, Unauthenticated)
    assert InvalidCredentials().code == "invalid-credentials"
    assert AccountLocked().code == "account-locked"
    assert "disabled" in AccountUnavailable("disabled").detail


def test_role_cycle_shows_the_loop() -> None:
    error = RoleCycle(["trader", "desk_head", "trader"])

    assert isinstance(error, ValidationFailed)
    assert error.detail == "role inheritance would loop: trader -> desk_head -> trader"
    assert [e.field for e in error.errors] == ["inherits"]


def test_separation_of_duty_conflict_names_the_set_and_roles() -> None:
    error = SeparationOfDutyConflict("maker vs checker", ["maker", "checker"])

    assert isinstance(error, Conflict)
    assert error.code == "separation-of-duty"
    assert error.extra == {"constraint": "maker vs checker", "roles": ["maker", "checker"]}
    assert "maker, checker" in error.detail


def test_state_and_limit_conflicts_are_conflicts() -> None:
    assert isinstance(StateConflict("already suspended"), Conflict)
    limit = SubUserLimitReached(2)
    assert isinstance(limit, Conflict)
    assert limit.code == "sub-user-limit"
    assert "2" in limit.detail
