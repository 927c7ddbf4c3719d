"""One contract, two implementations: each test here runs on the in-memory fake and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.core.principal import DataScope
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.infrastructure.tables import outbox
from tests.fakes.partners import FakePartners


@dataclass
class Storage:
    """Units of work of one storage, and what their commits published (wire name, aggregate id)."""

    new_uow: Callable[[DataScope], PartnersUnitOfWork]
    published: Callable[[], Awaitable[list[tuple[str, str]]]]
    sql: bool

    def uow(self, tenant_id: uuid.UUID | None, partner_id: uuid.UUID | None = None) -> PartnersUnitOfWork:
        platform = tenant_id is None
        return self.new_uow(DataScope(tenant_id, partner_id, platform=platform))


def _in_memory() -> Storage:
    fake = FakePartners()

    async def published() -> list[tuple[str, str]]:
        return [(event.wire_name, event.aggregate_id) for event in fake.published]

    return Storage(fake.uow, published, sql=False)


def _postgresql(container: Container) -> Storage:
    async def published() -> list[tuple[str, str]]:
        async with container.session_factory() as session:
            rows = await session.execute(select(outbox.c.wire_name, outbox.c.aggregate_id).order_by(outbox.c.seq))
            return [(row.wire_name, row.aggregate_id) for row in rows]

    return Storage(container.partners_uow, published, sql=True)


@pytest.fixture(params=["in-memory", "postgresql"])
def storage(request: pytest.FixtureRequest) -> Storage:
    if request.param == "in-memory":
        return _in_memory()
    return _postgresql(request.getfixturevalue("container"))


@pytest.fixture
def tenant() -> uuid.UUID:
    return uuid.uuid4()
