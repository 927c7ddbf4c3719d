"""The cache applied: commodity reads per tenant, 304s on reference data, the session lookup, and an
API that keeps answering when Redis is gone."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from backend.app.bootstrap import Container
from backend.contracts.commodities.events import CommodityUpdatedV1
from backend.core.cache.memory import MemoryBackend
from backend.core.cache.service import PolicyCache
from backend.core.config import Settings
from backend.core.messaging.envelope import Envelope
from backend.modules.commodities.application.caching import COMMODITY_PAGE
from backend.modules.commodities.infrastructure.tables import CommodityRow
from backend.modules.identity.infrastructure.tables import sessions
from tests.actors import Actor, api_client, tenant_admin
from tests.api.helpers import assert_problem, cotton
from tests.api.identity.auth_helpers import LOGOUT, claims_of
from tests.cache.conftest import closed_port

URL = "/api/v1/commodities"


async def as_platform(connection: AsyncConnection) -> None:
    # the API's units of work set the row-level-security scope per transaction; look as the platform
    await connection.execute(text("SELECT set_config('mandi.platform', 'on', true)"))


async def rename_behind_the_cache(connection: AsyncConnection, commodity_id: str, name: str) -> None:
    await as_platform(connection)
    await connection.execute(update(CommodityRow).where(CommodityRow.id == uuid.UUID(commodity_id)).values(name=name))


# ETag / If-None-Match


async def test_a_current_etag_gets_a_304_without_a_body(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json=cotton())).json()
    first = await client.get(f"{URL}/{created['id']}")
    assert first.status_code == 200
    assert first.headers["etag"] == '"1"'
    assert first.headers["cache-control"] == "private, no-cache"

    for held in ('"1"', 'W/"1"', '"7", "1"', "*"):
        again = await client.get(f"{URL}/{created['id']}", headers={"If-None-Match": held})
        assert again.status_code == 304, held
        assert again.content == b""
        assert again.headers["etag"] == '"1"'
    assert (await client.get(f"{URL}/{created['id']}", headers={"If-None-Match": '"0"'})).status_code == 200

    changed = await client.patch(f"{URL}/{created['id']}", json={"name": "Kapas"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    after = await client.get(f"{URL}/{created['id']}", headers={"If-None-Match": '"1"'})
    assert after.status_code == 200
    assert (after.headers["etag"], after.json()["name"]) == ('"2"', "Kapas")


async def test_a_list_answers_304_until_a_commodity_changes(client: httpx.AsyncClient) -> None:
    created = (await client.post(URL, json=cotton(category="spices"))).json()
    params = {"category": "spices"}
    first = await client.get(URL, params=params)
    tag = first.headers["etag"]
    assert tag.startswith('W/"')
    not_modified = await client.get(URL, params=params, headers={"If-None-Match": tag})
    assert (not_modified.status_code, not_modified.content, not_modified.headers["etag"]) == (304, b"", tag)

    await client.patch(f"{URL}/{created['id']}", json={"name": "Jeera"}, headers={"If-Match": '"1"'})
    changed = await client.get(URL, params=params, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag
    assert [item["name"] for item in changed.json()["items"]] == ["Jeera"]


async def test_errors_are_not_turned_into_304s(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get(f"{URL}/{uuid.uuid4()}", headers={"If-None-Match": "*"}), 404)


# the commodity cache


async def test_reads_come_from_the_cache_until_a_change_is_made_through_the_api(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    created = (await client.post(URL, json=cotton(category="pulses"))).json()
    assert (await client.get(f"{URL}/{created['id']}")).json()["name"] == "Raw cotton"
    assert [i["name"] for i in (await client.get(URL, params={"category": "pulses"})).json()["items"]] == ["Raw cotton"]

    await rename_behind_the_cache(connection, created["id"], "Changed in the database only")
    assert (await client.get(f"{URL}/{created['id']}")).json()["name"] == "Raw cotton"  # served from the cache

    variety = await client.post(f"{URL}/{created['id']}/varieties", json={"name": "Bunny"})
    assert variety.status_code == 201, variety.text
    read = (await client.get(f"{URL}/{created['id']}")).json()
    assert read["name"] == "Changed in the database only"
    assert "Bunny" in [v["name"] for v in read["varieties"]]
    listed = (await client.get(URL, params={"category": "pulses"})).json()["items"]
    assert [i["name"] for i in listed] == ["Changed in the database only"]


async def test_a_commodity_event_invalidates_the_cache_of_its_tenant(
    container: Container, client: httpx.AsyncClient, admin: Actor, connection: AsyncConnection
) -> None:
    created = (await client.post(URL, json=cotton(category="oilseeds"))).json()
    await client.get(f"{URL}/{created['id']}")
    await rename_behind_the_cache(connection, created["id"], "Renamed elsewhere")
    assert (await client.get(f"{URL}/{created['id']}")).json()["name"] == "Raw cotton"

    # as the relay delivers an event (another process made the change)
    event = CommodityUpdatedV1(
        commodity_id=uuid.UUID(created["id"]),
        **{k: created[k] for k in ("code", "category", "hsn_code", "gst_rate", "base_unit", "active", "version")},
        name="Renamed elsewhere",
        units=(),
        varieties=(),
        changed_fields=("name",),
    )
    await container.bus.publish(Envelope.wrap(event, tenant_id=str(admin.tenant_id)))
    assert (await client.get(f"{URL}/{created['id']}")).json()["name"] == "Renamed elsewhere"


async def test_each_tenant_gets_its_own_commodities_from_the_cache(
    container: Container, client: httpx.AsyncClient
) -> None:
    other = await tenant_admin(container, "Unjha Spice Traders")
    code = f"PVT-{uuid.uuid4().hex[:6].upper()}"
    params = {"category": "base_metals"}
    mine = (await client.post(URL, json=cotton(code, category="base_metals", name="Ours"))).json()
    assert [i["name"] for i in (await client.get(URL, params=params)).json()["items"]] == ["Ours"]  # now cached

    async with api_client(container, other) as theirs:
        assert (await theirs.get(URL, params=params)).json()["items"] == []  # same query, other tenant
        assert_problem(await theirs.get(f"{URL}/{mine['id']}"), 404)
        own = (await theirs.post(URL, json=cotton(code, category="base_metals", name="Theirs"))).json()
        assert [i["name"] for i in (await theirs.get(URL, params=params)).json()["items"]] == ["Theirs"]

    assert [i["id"] for i in (await client.get(URL, params=params)).json()["items"]] == [mine["id"]]
    assert_problem(await client.get(f"{URL}/{own['id']}"), 404)
    assert isinstance(container.cache, PolicyCache)
    assert isinstance(container.cache.backend, MemoryBackend)
    assert container.cache.backend.size(COMMODITY_PAGE) == 2  # one page per tenant


# the session lookup


async def test_the_session_lookup_is_cached_and_logout_still_ends_the_session_at_once(
    client: httpx.AsyncClient, admin: Actor, connection: AsyncConnection
) -> None:
    assert (await client.get("/api/v1/me")).status_code == 200
    # ended behind the cache's back: within the ttl the cached state still answers
    await as_platform(connection)
    session_id = uuid.UUID(claims_of(admin.token)["sid"])
    ended = update(sessions).where(sessions.c.id == session_id).values(expires_at=sessions.c.created_at)
    await connection.execute(ended)
    assert (await client.get("/api/v1/me")).status_code == 200
    # the use cases that end sessions drop the cached state as they commit
    assert (await client.post(LOGOUT)).status_code == 204
    assert_problem(await client.get("/api/v1/me"), 401, "invalid-token")


# Redis: two processes, and Redis gone


def redis_settings(settings: Settings, url: str, prefix: str) -> Settings:
    return settings.model_copy(update={"cache_backend": "redis", "redis_url": url, "cache_prefix": prefix})


@pytest.fixture
async def two_api_processes(
    settings: Settings,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    redis_url: str,
    redis_prefix: str,
) -> AsyncIterator[tuple[Container, Container]]:
    configured = redis_settings(settings, redis_url, redis_prefix)
    first = Container(settings=configured, engine=engine, session_factory=session_factory)
    second = Container(settings=configured, engine=engine, session_factory=session_factory)
    yield first, second
    await first.cache.close()
    await second.cache.close()


async def test_with_redis_a_logout_in_one_process_holds_in_the_other_at_once(
    two_api_processes: tuple[Container, Container],
) -> None:
    first, second = two_api_processes
    admin = await tenant_admin(first)
    async with api_client(first, admin) as one, api_client(second, admin) as two:
        assert (await two.get("/api/v1/me")).status_code == 200  # the state is now cached in Redis
        assert (await two.get("/api/v1/me")).status_code == 200
        assert (await one.post(LOGOUT)).status_code == 204
        assert_problem(await two.get("/api/v1/me"), 401, "invalid-token")


async def test_with_redis_a_change_in_one_process_is_read_back_in_the_other(
    two_api_processes: tuple[Container, Container],
) -> None:
    first, second = two_api_processes
    admin = await tenant_admin(first)
    async with api_client(first, admin) as one, api_client(second, admin) as two:
        created = (await one.post(URL, json=cotton(category="softs"))).json()
        assert (await two.get(f"{URL}/{created['id']}")).json()["version"] == 1
        listed = await two.get(URL, params={"category": "softs"})
        patched = await one.patch(f"{URL}/{created['id']}", json={"name": "Ghee"}, headers={"If-Match": '"1"'})
        assert patched.status_code == 200, patched.text
        assert (await two.get(f"{URL}/{created['id']}")).json()["name"] == "Ghee"
        relisted = await two.get(URL, params={"category": "softs"}, headers={"If-None-Match": listed.headers["etag"]})
        assert relisted.status_code == 200
        assert [i["name"] for i in relisted.json()["items"]] == ["Ghee"]


async def test_requests_succeed_when_redis_is_unreachable(
    settings: Settings, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    dead = redis_settings(settings, f"redis://127.0.0.1:{closed_port()}/0", "mandi-test-dead")
    container = Container(settings=dead, engine=engine, session_factory=session_factory)
    try:
        admin = await tenant_admin(container)
        async with api_client(container, admin) as client:
            created = await client.post(URL, json=cotton(category="fibre"))
            assert created.status_code == 201, created.text
            for _ in range(3):
                assert (await client.get(f"{URL}/{created.json()['id']}")).status_code == 200
                assert (await client.get(URL, params={"category": "fibre"})).status_code == 200
                assert (await client.get("/api/v1/me")).status_code == 200
            assert (await client.post(LOGOUT)).status_code == 204
            assert_problem(await client.get("/api/v1/me"), 401, "invalid-token")
    finally:
        await container.cache.close()
