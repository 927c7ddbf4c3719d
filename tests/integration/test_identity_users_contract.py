"""A partner's users: the in-memory fake must answer ``of_partner`` as the PostgreSQL repository does."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from backend.app.bootstrap import Container
from backend.core.principal import DataScope, UserKind
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.domain.user import NewUser, User, UserStatus
from tests.actors import Actor
from tests.api.identity.auth_helpers import unique_mobile
from tests.fakes.identity import FakeIdentity


@dataclass(frozen=True)
class Store:
    tenant_id: uuid.UUID
    uow: Callable[[DataScope], IdentityUnitOfWork]


@pytest.fixture(params=["in-memory", "postgresql"])
def store(request: pytest.FixtureRequest) -> Store:
    if request.param == "in-memory":
        return Store(uuid.uuid4(), FakeIdentity().uow)
    container: Container = request.getfixturevalue("container")
    admin: Actor = request.getfixturevalue("admin")
    assert admin.tenant_id is not None
    return Store(admin.tenant_id, container.identity_uow)


def user(store: Store, partner_id: uuid.UUID | None, name: str) -> User:
    kind = UserKind.EXTERNAL if partner_id else UserKind.INTERNAL
    return User.register(NewUser(kind, store.tenant_id, partner_id, None, unique_mobile(), name))


async def test_of_partner_gives_the_partners_users_oldest_first_whatever_their_status(store: Store) -> None:
    partner, other = uuid.uuid4(), uuid.uuid4()
    first, second = user(store, partner, "First"), user(store, partner, "Second")
    second.activate(None)
    second.disable()
    scope = DataScope(tenant_id=store.tenant_id)
    async with store.uow(scope) as uow:
        for each in (first, user(store, other, "Other's"), user(store, None, "Staff"), second):
            await uow.users.add(each)
        await uow.commit()

    async with store.uow(scope) as uow:
        found = await uow.users.of_partner(partner)
        nobody = await uow.users.of_partner(uuid.uuid4())
    async with store.uow(DataScope(tenant_id=store.tenant_id, partner_id=other)) as uow:
        seen_by_other = await uow.users.of_partner(partner)

    assert [(u.id, u.status) for u in found] == [(first.id, UserStatus.INVITED), (second.id, UserStatus.DISABLED)]
    assert nobody == []
    assert seen_by_other == []  # a partner user's scope shows no other partner's people
