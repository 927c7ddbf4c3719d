"""What the identity use cases need from storage, tokens and messaging (implemented in infrastructure)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from backend.core.principal import DataScope
from backend.modules.identity.application.views import AuditEntry
from backend.modules.identity.domain.rbac import Role, RoleAssignment, SodConstraint
from backend.modules.identity.domain.tenant import Branch, Tenant
from backend.modules.identity.domain.user import User

A = TypeVar("A")


class Repository(Protocol[A]):
    async def add(self, aggregate: A) -> None:
        """Insert; a taken unique value raises ``DuplicateResource``."""

    async def get(self, aggregate_id: uuid.UUID, *, for_update: bool = False) -> A | None: ...

    async def save(self, aggregate: A) -> None:
        """Update from the version it was loaded at; ``ConcurrencyConflict`` when it moved on."""


class TenantRepository(Repository[Tenant], Protocol):
    async def list_after(self, after: uuid.UUID | None, limit: int) -> list[Tenant]: ...


class BranchRepository(Repository[Branch], Protocol):
    async def list_after(self, after: str | None, limit: int, only: frozenset[uuid.UUID] | None = None) -> list[Branch]:
        """In code order; ``only`` limits the page to those branches (None: all)."""

    async def existing(self, ids: set[uuid.UUID]) -> set[uuid.UUID]: ...


class UserRepository(Repository[User], Protocol):
    async def by_username(self, username: str) -> User | None: ...

    async def list_after(self, after: uuid.UUID | None, limit: int) -> list[User]: ...

    async def count_sub_users(self, parent_id: uuid.UUID) -> int: ...

    async def of_partner(self, partner_id: uuid.UUID) -> list[User]:
        """The partner's (external) users in this scope, whatever their status, oldest first."""

    async def bump_authz(self, user_ids: set[uuid.UUID]) -> None: ...


class RoleRepository(Repository[Role], Protocol):
    async def by_name(self, name: str) -> Role | None: ...

    async def all_roles(self) -> dict[uuid.UUID, Role]: ...

    async def remove(self, role_id: uuid.UUID) -> None: ...


class AssignmentRepository(Repository[RoleAssignment], Protocol):
    async def active_for(self, user_id: uuid.UUID) -> list[RoleAssignment]: ...

    async def list_after(
        self, after: uuid.UUID | None, limit: int, user_id: uuid.UUID | None
    ) -> list[RoleAssignment]: ...

    async def holders_of(self, role_ids: set[uuid.UUID]) -> set[uuid.UUID]: ...

    async def in_use(self, role_id: uuid.UUID) -> bool: ...


class SodRepository(Protocol):
    async def add(self, sod: SodConstraint) -> None: ...

    async def all(self) -> list[SodConstraint]: ...

    async def get(self, sod_id: uuid.UUID) -> SodConstraint | None: ...

    async def remove(self, sod_id: uuid.UUID) -> None: ...


@dataclass(frozen=True)
class RefreshRecord:
    session_id: uuid.UUID
    user_id: uuid.UUID
    used_at: datetime | None
    session_revoked_at: datetime | None
    session_expires_at: datetime


@dataclass(frozen=True)
class OtpRecord:
    id: uuid.UUID
    user_id: uuid.UUID
    code_hash: str
    expires_at: datetime
    attempts: int
    consumed_at: datetime | None


class AuthStore(Protocol):
    async def open_session(
        self, user_id: uuid.UUID, tenant_id: uuid.UUID | None, lifetime: timedelta, client_address: str | None
    ) -> uuid.UUID: ...

    async def add_refresh_token(self, session_id: uuid.UUID, token: str) -> None: ...

    async def refresh_record(self, token: str) -> RefreshRecord | None: ...

    async def mark_used(self, token: str) -> None: ...

    async def revoke_session(self, session_id: uuid.UUID, reason: str) -> None: ...

    async def revoke_sessions_of(self, user_id: uuid.UUID, reason: str) -> None: ...

    async def session_state(self, session_id: uuid.UUID, user_id: uuid.UUID) -> Any | None: ...

    async def add_otp(self, user_id: uuid.UUID, code_hash: str, lifetime: timedelta) -> None: ...

    async def open_otp(self, user_id: uuid.UUID) -> OtpRecord | None: ...

    async def count_otp_attempt(self, otp_id: uuid.UUID, consume: bool) -> None: ...

    async def recent_otps(self, user_id: uuid.UUID, since: datetime) -> int: ...

    async def add_action_token(self, user_id: uuid.UUID, purpose: str, token: str, lifetime: timedelta) -> None: ...

    async def use_action_token(self, token: str, purpose: str) -> uuid.UUID | None: ...

    async def count_failure(self, key: str, window: timedelta) -> int: ...

    async def failures(self, key: str, window: timedelta) -> int: ...

    async def clear_failures(self, key: str) -> None: ...

    async def deliver(self, channel: str, recipient: str, body: str) -> None: ...

    async def purge_expired(self, older_than: datetime) -> int: ...


class AuditTrail(Protocol):
    async def record(
        self,
        action: str,
        *,
        tenant_id: uuid.UUID | None,
        actor_id: uuid.UUID | None,
        subject_type: str | None = None,
        subject_id: object | None = None,
        details: dict[str, Any] | None = None,
    ) -> None: ...

    async def page(self, after: int | None, limit: int, action: str | None) -> list[AuditEntry]:
        """Newest first; ``after`` is the ``seq`` of the last entry of the previous page."""


class IdentityUnitOfWork(Protocol):
    @property
    def scope(self) -> DataScope: ...

    @property
    def tenants(self) -> TenantRepository: ...

    @property
    def branches(self) -> BranchRepository: ...

    @property
    def users(self) -> UserRepository: ...

    @property
    def roles(self) -> RoleRepository: ...

    @property
    def assignments(self) -> AssignmentRepository: ...

    @property
    def sod(self) -> SodRepository: ...

    @property
    def auth(self) -> AuthStore: ...

    @property
    def audit(self) -> AuditTrail: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def claim_inbox(self, event_id: uuid.UUID, consumer: str, wire_name: str) -> bool:
        """Record that ``consumer`` handles ``event_id`` (subscribers); False when it already did."""


class TokenSigner(Protocol):
    async def sign(self, claims: dict[str, Any]) -> str: ...

    async def ensure_active(self) -> None:
        """Make sure a signing key exists (the first start of an installation creates one)."""

    async def jwks(self) -> dict[str, Any]:
        """The public keys that verify current tokens, as a JSON Web Key Set."""

    async def verify(self, token: str, *, audience: str) -> dict[str, Any]: ...


class SecretBox(Protocol):
    """Symmetric encryption for secrets at rest (TOTP seeds) and keyed hashes (one-time codes)."""

    def seal(self, plaintext: str) -> str: ...

    def open(self, sealed: str) -> str: ...

    def keyed_hash(self, *parts: str) -> str: ...


class PasswordHasher(Protocol):
    """Async because a hash costs ~100 ms of CPU: implementations run it off the event loop."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """Constant-time; False (never an error) for a wrong password or a malformed hash."""

    async def dummy_verify(self, password: str) -> None:
        """Spend the time a real verify takes, so an unknown user answers as slowly as a known one."""
