"""Users for identity tests, in the states a repository would hand them out."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from typing import Any

from backend.core.principal import UserKind
from backend.modules.identity.domain.user import MAX_FAILED_LOGINS, NewUser, User, UserStatus

NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"


def new_user(**overrides: Any) -> NewUser:
    defaults = NewUser(
        kind=UserKind.INTERNAL,
        tenant_id=uuid.uuid4(),
        partner_id=None,
        email="ravi.kumar@example.com",
        mobile=None,
        full_name="Ravi Kumar",
    )
    return dataclasses.replace(defaults, **overrides)


def stored(user: User) -> User:
    """Events published and version 1 in the database, as after the registering unit of work."""
    user.pull_events()
    user.persisted_version = user.version
    return user


def active_user() -> User:
    return stored(User.register(new_user(), password_hash=HASH))


def invited_user() -> User:
    return stored(User.register(new_user()))


def locked_user(at: datetime = NOW) -> User:
    user = active_user()
    for _ in range(MAX_FAILED_LOGINS):
        user.record_failed_login(at)
    assert user.status is UserStatus.LOCKED
    return user
