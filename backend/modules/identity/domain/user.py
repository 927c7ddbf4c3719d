"""Users: platform operators, a tenant's staff, and the people of its business partners."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.core.principal import UserKind
from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.events import UserActivated, UserRegistered
from backend.modules.identity.domain.validation import email_error, mobile_error, normalize_email

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=30)


class UserStatus(enum.StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class NewUser:
    kind: UserKind
    tenant_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    email: str | None
    mobile: str | None
    full_name: str
    parent_user_id: uuid.UUID | None = None
    created_by: uuid.UUID | None = None


def contact_errors(email: str | None, mobile: str | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if not email and not mobile:
        errors.append(FieldError("email", "an e-mail address or a mobile number is required"))
    if email and (message := email_error(email)):
        errors.append(FieldError("email", message))
    if mobile and (message := mobile_error(mobile)):
        errors.append(FieldError("mobile", message))
    return errors


@dataclass(eq=False)
class User(AggregateRoot):
    id: uuid.UUID
    kind: UserKind
    tenant_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    email: str | None
    mobile: str | None
    full_name: str
    status: UserStatus
    password_hash: str | None
    totp_secret: str | None
    totp_enabled: bool
    failed_logins: int
    locked_until: datetime | None
    parent_user_id: uuid.UUID | None
    created_by: uuid.UUID | None
    created_at: datetime
    activated_at: datetime | None = None
    totp_last_step: int | None = None
    authz_version: int = 1  # read-only here: bumped in storage whenever the user's grants change
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def register(cls, new: NewUser, *, password_hash: str | None = None) -> User:
        """An invited user, or an active one when a password is set at creation (bootstrap)."""
        email = normalize_email(new.email) if new.email else None
        errors = contact_errors(email, new.mobile)
        if not 0 < len(new.full_name.strip()) <= 200:
            errors.append(FieldError("full_name", "full name must have 1 to 200 characters"))
        if new.kind is UserKind.EXTERNAL and not new.mobile:
            errors.append(FieldError("mobile", "partner users log in by mobile OTP, so a mobile number is required"))
        shape_ok = {
            UserKind.PLATFORM: new.tenant_id is None and new.partner_id is None,
            UserKind.INTERNAL: new.tenant_id is not None and new.partner_id is None,
            UserKind.EXTERNAL: new.tenant_id is not None and new.partner_id is not None,
        }[new.kind]
        if not shape_ok:
            errors.append(
                FieldError("kind", f"a {new.kind} user cannot have tenant {new.tenant_id} and partner {new.partner_id}")
            )
        if errors:
            raise InvalidIdentityInput(errors)
        now = utc_now()
        user = cls(
            id=new_uuid(),
            kind=new.kind,
            tenant_id=new.tenant_id,
            partner_id=new.partner_id,
            email=email,
            mobile=new.mobile,
            full_name=new.full_name.strip(),
            status=UserStatus.ACTIVE if password_hash else UserStatus.INVITED,
            password_hash=password_hash,
            totp_secret=None,
            totp_enabled=False,
            failed_logins=0,
            locked_until=None,
            parent_user_id=new.parent_user_id,
            created_by=new.created_by,
            created_at=now,
            activated_at=now if password_hash else None,
        )
        user.record(UserRegistered(user_id=user.id))
        if password_hash:
            user.record(UserActivated(user_id=user.id))
        return user

    def _bump(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1

    @property
    def is_sub_user(self) -> bool:
        return self.parent_user_id is not None

    def activate(self, password_hash: str | None) -> None:
        if self.status is not UserStatus.INVITED:
            raise StateConflict(f"only an invited user can be activated; this one is {self.status}")
        self.password_hash = password_hash or self.password_hash
        self.status = UserStatus.ACTIVE
        self.activated_at = utc_now()
        self._bump()
        self.record(UserActivated(user_id=self.id))

    def disable(self) -> None:
        if self.status is UserStatus.DISABLED:
            raise StateConflict("the user is already disabled")
        self.status = UserStatus.DISABLED
        self._bump()

    def enable(self) -> None:
        if self.status is not UserStatus.DISABLED:
            raise StateConflict(f"only a disabled user can be enabled; this one is {self.status}")
        self.status = UserStatus.ACTIVE if self.activated_at else UserStatus.INVITED
        self.failed_logins, self.locked_until = 0, None
        self._bump()

    def is_locked(self, now: datetime) -> bool:
        return self.status is UserStatus.LOCKED and (self.locked_until is None or self.locked_until > now)

    def record_failed_login(self, now: datetime) -> bool:
        """Count a wrong password; returns True when this failure locks the account."""
        if self.status is UserStatus.LOCKED and not self.is_locked(now):
            # the lock ran out: the next failures count afresh and can lock the account again
            self.status, self.failed_logins, self.locked_until = UserStatus.ACTIVE, 0, None
        self.failed_logins += 1
        self._bump()
        if self.failed_logins >= MAX_FAILED_LOGINS and self.status is UserStatus.ACTIVE:
            self.status = UserStatus.LOCKED
            self.locked_until = now + LOCK_DURATION
            return True
        return False

    def record_successful_login(self) -> None:
        if self.failed_logins or self.status is UserStatus.LOCKED:
            self.failed_logins = 0
            self.status = UserStatus.ACTIVE
            self.locked_until = None
            self._bump()

    def unlock(self) -> None:
        if self.status is not UserStatus.LOCKED:
            raise StateConflict(f"the user is not locked; it is {self.status}")
        self.status = UserStatus.ACTIVE
        self.failed_logins = 0
        self.locked_until = None
        self._bump()

    def set_password(self, password_hash: str) -> None:
        self.password_hash = password_hash
        self._bump()

    def start_totp(self, secret: str) -> None:
        self.totp_secret = secret
        self.totp_enabled = False
        self._bump()

    def use_totp_step(self, step: int) -> bool:
        """Accept the code of time step ``step`` once: a step at or before the last one is a replay."""
        if self.totp_last_step is not None and step <= self.totp_last_step:
            return False
        self.totp_last_step = step
        self._bump()
        return True

    def confirm_totp(self) -> None:
        if self.totp_secret is None:
            raise StateConflict("set up two-factor authentication first")
        self.totp_enabled = True
        self._bump()
