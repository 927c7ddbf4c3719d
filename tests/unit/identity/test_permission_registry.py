"""The permission registry: codes look like ``resource.action``; re-declaring is fine only when identical.

The registry is global, so every code here starts with ``testunit.`` and is used by one test only.
"""

from __future__ import annotations

import pytest

from backend.core.permissions import Permission, all_permissions, declare, is_declared


def test_declare_registers_and_returns_the_permission() -> None:
    permission = declare("testunit.book", "Book a test trade", scoped=True)

    assert permission == Permission("testunit.book", "Book a test trade", scoped=True, platform_only=False)
    assert is_declared("testunit.book")
    assert permission in all_permissions()


def test_undeclared_codes_are_unknown() -> None:
    assert not is_declared("testunit.never_declared")


def test_all_permissions_are_sorted_by_code() -> None:
    declare("testunit.zulu", "last")
    declare("testunit.alpha", "first")

    codes = [p.code for p in all_permissions()]
    assert codes == sorted(codes)
    assert codes.index("testunit.alpha") < codes.index("testunit.zulu")


def test_an_identical_declaration_is_idempotent() -> None:
    first = declare("testunit.approve", "Approve", platform_only=True)
    count = len(all_permissions())

    again = declare("testunit.approve", "Approve", platform_only=True)

    assert again == first
    assert len(all_permissions()) == count


@pytest.mark.parametrize(
    ("code", "conflict"),
    [
        ("testunit.cancel", {"description": "Something else"}),
        ("testunit.settle", {"description": "Cancel", "scoped": True}),
        ("testunit.close", {"description": "Cancel", "platform_only": True}),
    ],
    ids=["description", "scoped", "platform-only"],
)
def test_a_conflicting_declaration_is_refused(code: str, conflict: dict[str, object]) -> None:
    original = declare(code, "Cancel")

    with pytest.raises(ValueError, match="declared twice"):
        declare(code, **conflict)  # type: ignore[arg-type]

    assert next(p for p in all_permissions() if p.code == code) == original


@pytest.mark.parametrize(
    "code",
    [
        "testunit",
        "testunit.",
        ".read",
        "TestUnit.read",
        "testunit.Read",
        "testunit.read.all",
        "testunit.v2",
        "testunit.*",
        "test unit.read",
        "_testunit.read",
        "",
    ],
)
def test_a_malformed_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match=r"resource\.action"):
        declare(code, "bad")
    assert not is_declared(code)
