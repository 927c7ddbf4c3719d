"""Users: registration rules, the invited -> active -> disabled life cycle, TOTP set-up."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from backend.core.principal import UserKind
from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.events import UserActivated, UserRegistered
from backend.modules.identity.domain.user import User, UserStatus
from tests.unit.identity.users import HASH, active_user, invited_user, locked_user, new_user


def registration_errors(**overrides: Any) -> list[str]:
    with pytest.raises(InvalidIdentityInput) as invalid:
        User.register(new_user(**overrides))
    return [e.field for e in invalid.value.errors]


def test_register_invites_a_user_without_a_password() -> None:
    parent = uuid.uuid4()
    user = User.register(new_user(email="  Ravi.Kumar@Example.COM ", full_name="  Ravi Kumar ", parent_user_id=parent))

    assert user.status is UserStatus.INVITED
    assert (user.email, user.full_name, user.password_hash) == ("ravi.kumar@example.com", "Ravi Kumar", None)
    assert user.activated_at is None
    assert (user.failed_logins, user.locked_until, user.totp_enabled) == (0, None, False)
    assert user.is_sub_user
    assert (user.version, user.persisted_version) == (1, 0)
    events = user.pull_events()
    assert [type(e) for e in events] == [UserRegistered]
    assert events[0].user_id == user.id  # type: ignore[attr-defined]


def test_register_with_a_password_hash_activates_at_once() -> None:
    user = User.register(new_user(), password_hash=HASH)

    assert user.status is UserStatus.ACTIVE
    assert user.password_hash == HASH
    assert user.activated_at == user.created_at
    assert not user.is_sub_user
    events = user.pull_events()
    assert [type(e) for e in events] == [UserRegistered, UserActivated]
    assert {e.user_id for e in events} == {user.id}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("email", "mobile"), [("ravi@example.com", None), (None, "+919812345678"), ("ravi@example.com", "+919812345678")]
)
def test_one_contact_is_enough(email: str | None, mobile: str | None) -> None:
    user = User.register(new_user(email=email, mobile=mobile))
    assert (user.email, user.mobile) == (email, mobile)


@pytest.mark.parametrize(("email", "mobile"), [(None, None), ("", ""), ("", None)])
def test_a_user_needs_an_email_or_a_mobile(email: str | None, mobile: str | None) -> None:
    assert registration_errors(email=email, mobile=mobile) == ["email"]


def test_a_bad_email_is_refused() -> None:
    assert registration_errors(email="ravi@localhost") == ["email"]


def test_a_bad_mobile_is_refused() -> None:
    assert registration_errors(email=None, mobile="9812345678") == ["mobile"]


def test_every_bad_field_is_named() -> None:
    assert registration_errors(email="ravi", mobile="98123", full_name=" ") == ["email", "mobile", "full_name"]


@pytest.mark.parametrize("full_name", ["", "   ", "x" * 201])
def test_a_bad_full_name_is_refused(full_name: str) -> None:
    assert registration_errors(full_name=full_name) == ["full_name"]


def test_an_external_user_needs_a_mobile() -> None:
    assert registration_errors(kind=UserKind.EXTERNAL, partner_id=uuid.uuid4(), mobile=None) == ["mobile"]


def test_an_external_user_with_an_empty_mobile_is_refused() -> None:
    # "" is no mobile number either: partner users could never receive their login OTP
    assert registration_errors(kind=UserKind.EXTERNAL, partner_id=uuid.uuid4(), mobile="") == ["mobile"]


def test_an_external_user_with_a_mobile_registers() -> None:
    partner = uuid.uuid4()
    user = User.register(new_user(kind=UserKind.EXTERNAL, partner_id=partner, email=None, mobile="+919812345678"))

    assert (user.kind, user.partner_id, user.mobile) == (UserKind.EXTERNAL, partner, "+919812345678")


def test_activate_an_invited_user() -> None:
    user = invited_user()

    user.activate(HASH)

    assert user.status is UserStatus.ACTIVE
    assert user.password_hash == HASH
    assert user.activated_at is not None
    assert user.version == 2
    events = user.pull_events()
    assert [type(e) for e in events] == [UserActivated]
    assert events[0].user_id == user.id  # type: ignore[attr-defined]


def test_activate_without_a_new_hash_keeps_the_existing_one() -> None:
    user = invited_user()
    user.password_hash = HASH

    user.activate(None)

    assert (user.status, user.password_hash) == (UserStatus.ACTIVE, HASH)


@pytest.mark.parametrize("make", [active_user, locked_user], ids=["active", "locked"])
def test_only_an_invited_user_can_be_activated(make: Callable[[], User]) -> None:
    user = make()
    status = user.status

    with pytest.raises(StateConflict):
        user.activate(HASH)
    assert user.status is status
    assert not user.has_changes


def test_a_disabled_user_cannot_be_activated() -> None:
    user = invited_user()
    user.disable()

    with pytest.raises(StateConflict):
        user.activate(HASH)


def test_disable_a_user_once() -> None:
    user = active_user()

    user.disable()

    assert user.status is UserStatus.DISABLED
    with pytest.raises(StateConflict):
        user.disable()


def test_enabling_an_activated_user_makes_it_active_again() -> None:
    user = active_user()
    user.disable()

    user.enable()

    assert user.status is UserStatus.ACTIVE
    assert user.version == 2  # two changes, one unit of work


def test_enabling_a_never_activated_user_returns_it_to_invited() -> None:
    user = invited_user()
    user.disable()

    user.enable()

    assert user.status is UserStatus.INVITED


@pytest.mark.parametrize("make", [active_user, invited_user, locked_user], ids=["active", "invited", "locked"])
def test_only_a_disabled_user_can_be_enabled(make: Callable[[], User]) -> None:
    with pytest.raises(StateConflict):
        make().enable()


def test_totp_is_enabled_only_once_confirmed() -> None:
    user = active_user()

    user.start_totp("JBSWY3DPEHPK3PXP")
    assert (user.totp_secret, user.totp_enabled) == ("JBSWY3DPEHPK3PXP", False)

    user.confirm_totp()
    assert user.totp_enabled
    assert user.version == 2


def test_starting_totp_again_disables_it_until_confirmed() -> None:
    user = active_user()
    user.start_totp("JBSWY3DPEHPK3PXP")
    user.confirm_totp()

    user.start_totp("KRSXG5CTMVRXEZLU")

    assert (user.totp_secret, user.totp_enabled) == ("KRSXG5CTMVRXEZLU", False)


def test_totp_cannot_be_confirmed_before_it_is_started() -> None:
    user = active_user()

    with pytest.raises(StateConflict):
        user.confirm_totp()
    assert not user.totp_enabled
