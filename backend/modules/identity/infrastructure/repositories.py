"""Identity repositories over Core tables; row-level security adds the tenant filter to each query."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Row, Select, Table, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.principal import DataScope, UserKind
from backend.db.rows import insert_row, update_versioned
from backend.db.scoping import scoped
from backend.modules.identity.domain.errors import DuplicateResource
from backend.modules.identity.domain.rbac import Role, RoleAssignment, SodConstraint
from backend.modules.identity.domain.tenant import Branch, Tenant
from backend.modules.identity.domain.user import User
from backend.modules.identity.infrastructure import mapping, tables

A = TypeVar("A", bound=AggregateRoot)

# unique constraint name -> (what, field) for a clear 409
_UNIQUE = {
    "uq_branches_tenant_id": ("branch", "code"),
    "uq_users_email": ("user", "email"),
    "uq_users_mobile": ("user", "mobile"),
    "uq_roles_tenant_id": ("role", "name"),
    "uq_sod_constraints_tenant_id": ("separation-of-duty set", "name"),
}


def _duplicate(error: IntegrityError, values: dict[str, Any]) -> DuplicateResource | None:
    message = str(error.orig)
    for constraint, (what, field) in _UNIQUE.items():
        if constraint in message:
            return DuplicateResource(what, field, str(values.get(field)))
    return None


class TableRepository(Generic[A]):
    """add / get / save / list for one aggregate kind stored in one table with ``id`` and ``version``."""

    def __init__(
        self,
        session: AsyncSession,
        table: Table,
        from_row: Callable[[Row[Any]], A],
        values: Callable[[A], dict[str, Any]],
        track: Callable[[AggregateRoot], None],
        what: str,
        scope: DataScope | None = None,
    ) -> None:
        self._scope = scope
        self._session = session
        self._table = table
        self._from_row = from_row
        self._values = values
        self._track = track
        self._what = what

    def _scoped(self) -> Select[Any]:
        return scoped(self._table, self._scope) if self._scope is not None else select(self._table)

    def _hand_out(self, row: Row[Any]) -> A:
        aggregate = self._from_row(row)
        self._track(aggregate)
        return aggregate

    async def add(self, aggregate: A) -> None:
        values = self._values(aggregate)
        try:
            async with self._session.begin_nested():
                await insert_row(self._session, self._table, values)
        except IntegrityError as error:
            duplicate = _duplicate(error, values)
            if duplicate is None:
                raise
            raise duplicate from error
        aggregate.persisted_version = aggregate.version  # type: ignore[attr-defined]
        self._track(aggregate)

    async def get(self, aggregate_id: uuid.UUID, *, for_update: bool = False) -> A | None:
        statement = self._scoped().where(self._table.c.id == aggregate_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return None if row is None else self._hand_out(row)

    async def first(self, *conditions: ColumnElement[bool]) -> A | None:
        row = (await self._session.execute(self._scoped().where(*conditions))).first()
        return None if row is None else self._hand_out(row)

    async def save(self, aggregate: A) -> None:
        values = self._values(aggregate)
        persisted: int = aggregate.persisted_version  # type: ignore[attr-defined]
        await update_versioned(self._session, self._table, values["id"], persisted, values, self._what)
        aggregate.persisted_version = aggregate.version  # type: ignore[attr-defined]

    async def page(
        self, order: ColumnElement[Any], after: Any, limit: int, *conditions: ColumnElement[bool]
    ) -> list[A]:
        statement: Select[Any] = self._scoped().where(*conditions).order_by(order).limit(limit)
        if after is not None:
            statement = statement.where(order > after)
        return [self._hand_out(row) for row in (await self._session.execute(statement)).all()]

    async def all(self, *conditions: ColumnElement[bool]) -> list[A]:
        rows = (await self._session.execute(self._scoped().where(*conditions))).all()
        return [self._hand_out(row) for row in rows]

    async def count(self, *conditions: ColumnElement[bool]) -> int:
        statement = select(func.count()).select_from(self._table).where(*conditions)
        return int(await self._session.scalar(statement) or 0)


class SqlTenantRepository(TableRepository[Tenant]):
    def __init__(self, session: AsyncSession, track: Callable[[AggregateRoot], None]) -> None:
        super().__init__(session, tables.tenants, mapping.tenant_from, mapping.tenant_values, track, "tenant")

    async def list_after(self, after: uuid.UUID | None, limit: int) -> list[Tenant]:
        return await self.page(tables.tenants.c.id, after, limit)


class SqlBranchRepository(TableRepository[Branch]):
    def __init__(self, session: AsyncSession, track: Callable[[AggregateRoot], None]) -> None:
        super().__init__(session, tables.branches, mapping.branch_from, mapping.branch_values, track, "branch")

    async def list_after(self, after: str | None, limit: int, only: frozenset[uuid.UUID] | None = None) -> list[Branch]:
        conditions = [] if only is None else [tables.branches.c.id.in_(only)]
        return await self.page(tables.branches.c.code, after, limit, *conditions)

    async def existing(self, ids: set[uuid.UUID]) -> set[uuid.UUID]:
        return {branch.id for branch in await self.all(tables.branches.c.id.in_(ids))} if ids else set()


class SqlUserRepository(TableRepository[User]):
    def __init__(self, session: AsyncSession, track: Callable[[AggregateRoot], None], scope: DataScope) -> None:
        super().__init__(session, tables.users, mapping.user_from, mapping.user_values, track, "user", scope)

    async def by_username(self, username: str) -> User | None:
        return await self.first(find_by_username(username))

    async def list_after(self, after: uuid.UUID | None, limit: int) -> list[User]:
        return await self.page(tables.users.c.id, after, limit)

    async def count_sub_users(self, parent_id: uuid.UUID) -> int:
        return await self.count(tables.users.c.parent_user_id == parent_id)

    async def of_partner(self, partner_id: uuid.UUID) -> list[User]:
        """Served by the ``partner_id`` index: a partner's id is unique, so it picks out just its users."""
        users = tables.users
        statement = (
            self._scoped()
            .where(users.c.partner_id == partner_id, users.c.kind == UserKind.EXTERNAL.value)
            .order_by(users.c.created_at, users.c.id)
        )
        return [self._hand_out(row) for row in (await self._session.execute(statement)).all()]

    async def bump_authz(self, user_ids: set[uuid.UUID]) -> None:
        """Tokens carry the authorization version; bumping it makes them stale at once."""
        if user_ids:
            users = tables.users
            await self._session.execute(
                update(users).where(users.c.id.in_(user_ids)).values(authz_version=users.c.authz_version + 1)
            )


class SqlRoleRepository(TableRepository[Role]):
    def __init__(self, session: AsyncSession, track: Callable[[AggregateRoot], None]) -> None:
        super().__init__(session, tables.roles, mapping.role_from, mapping.role_values, track, "role")

    async def by_name(self, name: str) -> Role | None:
        return await self.first(tables.roles.c.name == name)

    async def all_roles(self) -> dict[uuid.UUID, Role]:
        return {role.id: role for role in await self.all()}

    async def remove(self, role_id: uuid.UUID) -> None:
        await self._session.execute(delete(tables.roles).where(tables.roles.c.id == role_id))


class SqlAssignmentRepository(TableRepository[RoleAssignment]):
    def __init__(self, session: AsyncSession, track: Callable[[AggregateRoot], None]) -> None:
        super().__init__(
            session, tables.role_assignments, mapping.assignment_from, mapping.assignment_values, track, "assignment"
        )

    async def active_for(self, user_id: uuid.UUID) -> list[RoleAssignment]:
        return await self.all(active_assignments_of([user_id]))

    async def list_after(self, after: uuid.UUID | None, limit: int, user_id: uuid.UUID | None) -> list[RoleAssignment]:
        conditions = [] if user_id is None else [tables.role_assignments.c.user_id == user_id]
        return await self.page(tables.role_assignments.c.id, after, limit, *conditions)

    async def holders_of(self, role_ids: set[uuid.UUID]) -> set[uuid.UUID]:
        rows = await self.all(
            tables.role_assignments.c.role_id.in_(role_ids), tables.role_assignments.c.revoked_at.is_(None)
        )
        return {assignment.user_id for assignment in rows}

    async def in_use(self, role_id: uuid.UUID) -> bool:
        """Any assignment, revoked ones included: they are the history of who held the role."""
        return await self.count(tables.role_assignments.c.role_id == role_id) > 0


class SodRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, sod: SodConstraint) -> None:
        values = mapping.sod_values(sod)
        try:
            async with self._session.begin_nested():
                await insert_row(self._session, tables.sod_constraints, values)
        except IntegrityError as error:
            duplicate = _duplicate(error, values)
            if duplicate is None:
                raise
            raise duplicate from error

    async def all(self) -> list[SodConstraint]:
        rows = (
            await self._session.execute(select(tables.sod_constraints).order_by(tables.sod_constraints.c.name))
        ).all()
        return [mapping.sod_from(row) for row in rows]

    async def get(self, sod_id: uuid.UUID) -> SodConstraint | None:
        statement = select(tables.sod_constraints).where(tables.sod_constraints.c.id == sod_id)
        row = (await self._session.execute(statement)).first()
        return None if row is None else mapping.sod_from(row)

    async def remove(self, sod_id: uuid.UUID) -> None:
        await self._session.execute(delete(tables.sod_constraints).where(tables.sod_constraints.c.id == sod_id))


def find_by_username(username: str) -> ColumnElement[bool]:
    """A username is an e-mail address (any case) or an E.164 mobile number."""
    users = tables.users
    return or_(users.c.email == username.strip().lower(), users.c.mobile == username.strip())


def active_assignments_of(user_ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
    assignments = tables.role_assignments
    now = utc_now()
    return (
        assignments.c.user_id.in_(user_ids)
        & assignments.c.revoked_at.is_(None)
        & or_(assignments.c.expires_at.is_(None), assignments.c.expires_at > now)
    )
