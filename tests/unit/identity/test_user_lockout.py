"""Lockout: five wrong passwords lock an active account for thirty minutes; success or an admin unlocks it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from backend.modules.identity.domain.errors import StateConflict
from backend.modules.identity.domain.user import LOCK_DURATION, MAX_FAILED_LOGINS, User, UserStatus
from tests.unit.identity.users import NOW, active_user, invited_user, locked_user


def test_failed_logins_below_the_limit_do_not_lock() -> None:
    user = active_user()

    results = [user.record_failed_login(NOW) for _ in range(MAX_FAILED_LOGINS - 1)]

    assert results == [False] * (MAX_FAILED_LOGINS - 1)
    assert user.failed_logins == MAX_FAILED_LOGINS - 1
    assert user.status is UserStatus.ACTIVE
    assert not user.is_locked(NOW)
    assert user.version == 2


def test_the_fifth_failure_locks_for_thirty_minutes() -> None:
    user = active_user()
    for _ in range(MAX_FAILED_LOGINS - 1):
        user.record_failed_login(NOW - timedelta(minutes=5))

    assert user.record_failed_login(NOW) is True

    assert user.status is UserStatus.LOCKED
    assert user.locked_until == NOW + timedelta(minutes=30) == NOW + LOCK_DURATION
    assert user.is_locked(NOW)


def test_locking_is_reported_exactly_once() -> None:
    user = active_user()

    results = [user.record_failed_login(NOW + timedelta(seconds=i)) for i in range(3 * MAX_FAILED_LOGINS)]

    assert results.count(True) == 1
    assert results.index(True) == MAX_FAILED_LOGINS - 1
    assert user.locked_until == NOW + timedelta(seconds=MAX_FAILED_LOGINS - 1) + LOCK_DURATION


def test_is_locked_honours_locked_until() -> None:
    user = locked_user(NOW)

    assert user.is_locked(NOW + LOCK_DURATION - timedelta(seconds=1))
    assert not user.is_locked(NOW + LOCK_DURATION)
    assert not user.is_locked(NOW + LOCK_DURATION + timedelta(hours=1))


def test_a_lock_without_an_end_holds_until_unlocked() -> None:
    user = active_user()
    user.status = UserStatus.LOCKED

    assert user.is_locked(NOW + timedelta(days=365))


def test_only_a_locked_status_locks() -> None:
    user = active_user()
    user.locked_until = NOW + LOCK_DURATION

    assert not user.is_locked(NOW)


def test_failures_after_the_lock_expired_lock_the_account_again() -> None:
    user = locked_user(NOW)
    later = NOW + LOCK_DURATION + timedelta(minutes=1)
    assert not user.is_locked(later)

    results = [user.record_failed_login(later) for _ in range(MAX_FAILED_LOGINS)]

    # otherwise a guesser gets unlimited tries once the first lock has run out
    assert results.count(True) == 1
    assert user.is_locked(later)
    assert user.locked_until == later + LOCK_DURATION


def test_a_successful_login_resets_the_counter() -> None:
    user = active_user()
    user.record_failed_login(NOW)
    user.record_failed_login(NOW)

    user.record_successful_login()

    assert (user.failed_logins, user.status, user.locked_until) == (0, UserStatus.ACTIVE, None)


def test_a_successful_login_clears_the_lock() -> None:
    user = locked_user(NOW)

    user.record_successful_login()

    assert (user.failed_logins, user.status, user.locked_until) == (0, UserStatus.ACTIVE, None)


def test_a_clean_successful_login_changes_nothing() -> None:
    user = active_user()

    user.record_successful_login()

    assert user.version == user.persisted_version == 1


def test_unlock_a_locked_user() -> None:
    user = locked_user(NOW)

    user.unlock()

    assert (user.failed_logins, user.status, user.locked_until) == (0, UserStatus.ACTIVE, None)
    assert not user.is_locked(NOW)
    assert user.version == 2


@pytest.mark.parametrize("make", [active_user, invited_user], ids=["active", "invited"])
def test_only_a_locked_user_can_be_unlocked(make: Callable[[], User]) -> None:
    with pytest.raises(StateConflict):
        make().unlock()
