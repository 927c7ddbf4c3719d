"""In-memory identity unit of work, behaving like ``SqlIdentityUnitOfWork`` for what service tests use.

Users are stored like the other fakes' aggregates (fresh copies on read, writes and sent messages
buffered until commit, stale saves refused, the scope standing in for row-level security); the
messages the development adapter would write to ``identity.dev_messages`` land in
``FakeIdentity.messages``. Tenants, branches, roles, assignments, separation of duty, audit pages,
authorization versions and the rest of the auth store are not faked yet: using them fails loudly,
so the test that first needs one adds it here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, NoReturn

from backend.core.principal import DataScope, UserKind
from backend.modules.identity.application.auth_context import AuthContext, AuthSettings
from backend.modules.identity.application.integration_events import to_integration_event
from backend.modules.identity.application.ports import (
    AssignmentRepository,
    BranchRepository,
    RoleRepository,
    SodRepository,
    TenantRepository,
)
from backend.modules.identity.application.views import AuditEntry
from backend.modules.identity.domain.errors import DuplicateResource
from backend.modules.identity.domain.user import User
from tests.fakes.memory import InMemoryOutbox, InMemoryUnitOfWork, Track, Versioned, hand_out


@dataclass(frozen=True)
class Message:
    """One SMS or e-mail as the development adapter records it."""

    channel: str
    recipient: str
    body: str


def _sees(scope: DataScope, user: User) -> bool:
    if scope.platform:
        return True
    return user.tenant_id == scope.tenant_id and scope.partner_id in (None, user.partner_id)


def _not_faked(what: str) -> NoReturn:
    raise NotImplementedError(
        f"the in-memory identity unit of work has no {what} yet; add it to tests/fakes/identity.py"
    )


class InMemoryUserRepository:
    def __init__(self, store: dict[uuid.UUID, User], scope: DataScope, track: Track) -> None:
        self.rows = Versioned(store, lambda u: f"user {u.id}")
        self._scope, self._track = scope, track

    def _visible(self) -> list[User]:
        return sorted(
            (u for u in self.rows.all().values() if _sees(self._scope, u)), key=lambda u: (u.created_at, u.id)
        )

    async def add(self, user: User) -> None:
        for other in self.rows.all().values():  # unique across tenants, as the table's constraints are
            if user.email is not None and other.email == user.email:
                raise DuplicateResource("user", "email", user.email)
            if user.mobile is not None and other.mobile == user.mobile:
                raise DuplicateResource("user", "mobile", user.mobile)
        self.rows.insert(user)
        self._track(user)

    async def get(self, user_id: uuid.UUID, *, for_update: bool = False) -> User | None:
        user = self.rows.all().get(user_id)
        return None if user is None or not _sees(self._scope, user) else hand_out(user, self._track)

    async def save(self, user: User) -> None:
        self.rows.update(user)

    async def by_username(self, username: str) -> User | None:
        email, mobile = username.strip().lower(), username.strip()
        found = next((u for u in self._visible() if email == u.email or mobile == u.mobile), None)
        return None if found is None else hand_out(found, self._track)

    async def list_after(self, after: uuid.UUID | None, limit: int) -> list[User]:
        users = sorted(self._visible(), key=lambda u: u.id)
        return [hand_out(u, self._track) for u in users if after is None or u.id > after][:limit]

    async def count_sub_users(self, parent_id: uuid.UUID) -> int:
        return sum(1 for u in self._visible() if u.parent_user_id == parent_id)

    async def of_partner(self, partner_id: uuid.UUID) -> list[User]:
        return [
            hand_out(u, self._track)
            for u in self._visible()
            if u.partner_id == partner_id and u.kind is UserKind.EXTERNAL
        ]

    async def bump_authz(self, user_ids: set[uuid.UUID]) -> None:
        _not_faked("authorization versions")


class InMemoryAuthStore:
    """Deliveries only: they are kept until commit, as the SQL store's rows are."""

    def __init__(self) -> None:
        self.pending: list[Message] = []

    async def deliver(self, channel: str, recipient: str, body: str) -> None:
        self.pending.append(Message(channel, recipient, body))

    def __getattr__(self, name: str) -> Any:
        _not_faked(f"auth store method {name}")


class InMemoryAuditTrail:
    def __init__(self) -> None:
        self.pending: list[tuple[str, dict[str, Any]]] = []

    async def record(
        self,
        action: str,
        *,
        tenant_id: uuid.UUID | None,
        actor_id: uuid.UUID | None,
        subject_type: str | None = None,
        subject_id: object | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        entry = {"tenant_id": tenant_id, "actor_id": actor_id, "subject_type": subject_type}
        self.pending.append((action, {**entry, "subject_id": subject_id, "details": details or {}}))

    async def page(self, after: int | None, limit: int, action: str | None) -> list[AuditEntry]:
        _not_faked("audit pages")


class InMemoryIdentityUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, fake: FakeIdentity, scope: DataScope) -> None:
        super().__init__(fake.outbox.published, fake.outbox.inbox, scope, to_integration_event)
        self._fake = fake
        self.users = InMemoryUserRepository(fake.users, scope, self.track)
        self.auth = InMemoryAuthStore()
        self.audit = InMemoryAuditTrail()

    @property
    def tenants(self) -> TenantRepository:
        _not_faked("tenants")

    @property
    def branches(self) -> BranchRepository:
        _not_faked("branches")

    @property
    def roles(self) -> RoleRepository:
        _not_faked("roles")

    @property
    def assignments(self) -> AssignmentRepository:
        _not_faked("role assignments")

    @property
    def sod(self) -> SodRepository:
        _not_faked("separation-of-duty sets")

    def _write(self) -> None:
        self.users.rows.check()
        self.users.rows.apply()
        self._fake.messages.extend(self.auth.pending)
        self._fake.audit.extend(self.audit.pending)

    def _discard(self) -> None:
        self.users.rows.discard()
        self.auth.pending.clear()
        self.audit.pending.clear()


class FakeIdentity:
    """What one test shares across identity units of work: users, sent messages, audit entries, outbox, inbox."""

    def __init__(self) -> None:
        self.users: dict[uuid.UUID, User] = {}
        self.messages: list[Message] = []
        self.audit: list[tuple[str, dict[str, Any]]] = []
        self.outbox = InMemoryOutbox()

    def uow(self, scope: DataScope) -> InMemoryIdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(self, scope)

    def messages_to(self, recipient: str) -> list[str]:
        return [m.body for m in self.messages if m.recipient == recipient]


class _NotWired:
    """Stands in for the token signer, password hasher and secret box no faked use case needs yet."""

    def __getattr__(self, name: str) -> Any:
        _not_faked(name)


def auth_context(fake: FakeIdentity) -> AuthContext:
    """What the composition root hands identity's use cases and subscribers, over ``fake``."""
    unused = _NotWired()
    return AuthContext(uow=fake.uow, signer=unused, hasher=unused, secrets=unused, settings=AuthSettings())
