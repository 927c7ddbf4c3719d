"""Real concurrent writers: optimistic versions and idempotency keys hold across connections."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import delete, select

from backend.api.idempotency.store import IdempotencyRecord
from backend.app.bootstrap import Container
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.domain.commodity import CommodityChanges, CommodityId
from backend.modules.commodities.infrastructure.seed_catalogue import COTTON
from backend.modules.commodities.infrastructure.tables import CommodityRow, outbox
from tests.actors import api_client, platform_operator
from tests.api.helpers import assert_problem, cotton
from tests.conftest import platform_session


async def _cleanup(container: Container, code_prefix: str) -> None:
    async with platform_session(container) as session:
        ids = (await session.scalars(select(CommodityRow.id).where(CommodityRow.code.startswith(code_prefix)))).all()
        await session.execute(delete(outbox).where(outbox.c.aggregate_id.in_([str(i) for i in ids])))
        await session.execute(delete(CommodityRow).where(CommodityRow.id.in_(ids)))


async def test_the_second_of_two_writers_on_one_version_gets_a_conflict(committed_container) -> None:  # type: ignore[no-untyped-def]
    container: Container = committed_container()
    code = f"OCC-{uuid.uuid4().hex[:8].upper()}"
    try:
        view = await create_commodity(
            CreateCommodity(replace(COTTON, code=code)), container.commodities_uow(SYSTEM_SCOPE)
        )
        first, second = container.commodities_uow(SYSTEM_SCOPE), container.commodities_uow(SYSTEM_SCOPE)
        async with first, second:
            a = await first.commodities.get(CommodityId(view.id))
            b = await second.commodities.get(CommodityId(view.id))
            assert a is not None
            assert b is not None
            a.revise(CommodityChanges(name="First writer"))
            b.revise(CommodityChanges(name="Second writer"))
            await first.commodities.save(a)
            await first.commit()
            with pytest.raises(ConcurrencyConflict, match=code):
                await second.commodities.save(b)
        async with container.commodities_uow(SYSTEM_SCOPE) as check:
            stored = await check.commodities.get(CommodityId(view.id))
            assert stored is not None
            assert (stored.name, stored.version) == ("First writer", 2)
    finally:
        await _cleanup(container, code)


async def test_concurrent_requests_with_one_key_create_one_commodity(committed_container) -> None:  # type: ignore[no-untyped-def]
    container: Container = committed_container()
    body = cotton(f"IDEM-{uuid.uuid4().hex[:8].upper()}")
    key = f"key-{uuid.uuid4().hex}"
    operator = await platform_operator(container)  # committed; the run's database is dropped at the end
    try:
        async with api_client(container, operator) as client:
            responses = await asyncio.gather(
                *(client.post("/api/v1/commodities", json=body, headers={"Idempotency-Key": key}) for _ in range(5))
            )
            statuses = sorted(r.status_code for r in responses)
            assert statuses.count(201) >= 1
            assert set(statuses) <= {201, 409}
            for response in responses:
                if response.status_code == 409:
                    assert_problem(response, 409, "idempotency-key-in-use")
                    assert response.headers["retry-after"] == "1"
            created = {r.json()["id"] for r in responses if r.status_code == 201}
            assert len(created) == 1
            replay = await client.post("/api/v1/commodities", json=body, headers={"Idempotency-Key": key})
            assert replay.status_code == 201
            assert replay.json()["id"] in created
        async with platform_session(container) as session:
            count = len((await session.scalars(select(CommodityRow.id).where(CommodityRow.code == body["code"]))).all())
        assert count == 1
    finally:
        await _cleanup(container, body["code"])
        async with platform_session(container) as session:
            await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.key == key))
