"""Policy semantics on the in-process backend: hits, ttl, bounds, single flight, stale-while-revalidate,
invalidation (explicit and by event). The same ``PolicyCache`` runs on Redis in test_redis_cache.py."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from backend.contracts.commodities.events import CommodityUpdatedV1
from backend.core.cache import NO_CACHE, CacheOwner
from backend.core.cache.backends import Entry
from backend.core.cache.invalidation import consumer_name, subscribe_invalidations
from backend.core.cache.keys import slot_for
from backend.core.cache.memory import MemoryBackend
from backend.core.cache.service import PolicyCache
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from tests.cache.conftest import FakeClock, RecordingStats
from tests.cache.policies import ALL_PRICES, MY_PRICES, PRICES, STALE_PRICES, Loader, constant, failing, price

A, B = CacheOwner(uuid.uuid4(), uuid.uuid4()), CacheOwner(uuid.uuid4(), uuid.uuid4())
PLATFORM = CacheOwner(None, uuid.uuid4())


async def test_the_second_read_is_a_hit(cache: PolicyCache, stats: RecordingStats) -> None:
    load = Loader(price(amount="61250.50"))
    first = await cache.get_or_load(PRICES, A, "COTTON", load)
    second = await cache.get_or_load(PRICES, A, "COTTON", load)
    assert first == second == price(amount="61250.50")
    assert str(second.price) == "61250.50"
    assert load.loads == 1
    assert stats.of(PRICES.name) == (1, 1, 0)


async def test_no_entry_serves_another_tenant(cache: PolicyCache) -> None:
    assert (await cache.get_or_load(PRICES, A, "COTTON", constant(price(amount="1")))).price == 1
    assert (await cache.get_or_load(PRICES, B, "COTTON", constant(price(amount="2")))).price == 2
    assert (await cache.get_or_load(PRICES, PLATFORM, "COTTON", constant(price(amount="3")))).price == 3
    assert (await cache.get_or_load(PRICES, A, "COTTON", failing)).price == 1


async def test_user_entries_are_per_user_and_global_ones_shared(cache: PolicyCache) -> None:
    one, two = CacheOwner(A.tenant_id, uuid.uuid4()), CacheOwner(A.tenant_id, uuid.uuid4())
    assert (await cache.get_or_load(MY_PRICES, one, "x", constant(price(amount="1")))).price == 1
    assert (await cache.get_or_load(MY_PRICES, two, "x", constant(price(amount="2")))).price == 2
    assert (await cache.get_or_load(ALL_PRICES, A, "x", constant(price(amount="3")))).price == 3
    assert (await cache.get_or_load(ALL_PRICES, B, "x", failing)).price == 3


async def test_a_value_is_fresh_for_the_ttl_then_reloaded(cache: PolicyCache, clock: FakeClock) -> None:
    load = Loader(price())
    await cache.get_or_load(PRICES, A, "x", load)
    clock.advance(9.9)
    await cache.get_or_load(PRICES, A, "x", load)
    assert load.loads == 1
    clock.advance(0.2)
    await cache.get_or_load(PRICES, A, "x", load)
    assert load.loads == 2


async def test_the_memory_backend_keeps_max_entries_least_recently_used_first(clock: FakeClock) -> None:
    backend = MemoryBackend(clock)
    cache = PolicyCache(backend, clock=clock)
    for n in range(PRICES.max_entries + 5):
        await cache.get_or_load(PRICES, A, n, constant(price(amount=str(n))))
        await cache.get_or_load(PRICES, A, 0, failing)  # 0 stays the most recently used
    assert backend.size(PRICES) == PRICES.max_entries
    assert (await cache.get_or_load(PRICES, A, 0, failing)).price == 0
    with pytest.raises(LookupError):
        await cache.get_or_load(PRICES, A, 1, failing)  # evicted


async def test_concurrent_misses_cause_one_load(cache: PolicyCache, stats: RecordingStats) -> None:
    load = Loader(price(), gate=asyncio.Event())
    readers = [asyncio.create_task(cache.get_or_load(PRICES, A, "hot", load)) for _ in range(50)]
    await load.started.wait()
    await asyncio.sleep(0.01)  # every reader is waiting on the one load now
    load.gate.set()  # type: ignore[union-attr]
    assert set(await asyncio.gather(*readers)) == {price()}
    assert load.loads == 1
    assert stats.of(PRICES.name) == (0, 50, 0)


async def test_single_flight_is_per_entry(cache: PolicyCache) -> None:
    gate = asyncio.Event()
    loads = [Loader(price(amount=str(n)), gate=gate) for n in range(3)]
    readers = [
        asyncio.create_task(cache.get_or_load(PRICES, owner, "hot", loads[n]))
        for n, owner in enumerate((A, B, PLATFORM))
    ]
    await asyncio.sleep(0.01)
    gate.set()
    assert [r.price for r in await asyncio.gather(*readers)] == [0, 1, 2]
    assert [load.loads for load in loads] == [1, 1, 1]


async def test_a_failed_load_reaches_every_waiter_and_is_not_cached(cache: PolicyCache) -> None:
    gate = asyncio.Event()

    async def broken() -> object:
        await gate.wait()
        raise LookupError("the source is down")

    readers = [asyncio.create_task(cache.get_or_load(PRICES, A, "x", broken)) for _ in range(5)]  # type: ignore[arg-type]
    await asyncio.sleep(0.01)
    gate.set()
    outcomes = await asyncio.gather(*readers, return_exceptions=True)
    assert all(isinstance(outcome, LookupError) for outcome in outcomes)
    assert (await cache.get_or_load(PRICES, A, "x", constant(price()))) == price()


async def test_a_reader_giving_up_does_not_cancel_the_load_of_the_others(cache: PolicyCache) -> None:
    load = Loader(price(), gate=asyncio.Event())
    impatient = asyncio.create_task(cache.get_or_load(PRICES, A, "x", load))
    patient = asyncio.create_task(cache.get_or_load(PRICES, A, "x", load))
    await load.started.wait()
    impatient.cancel()
    load.gate.set()  # type: ignore[union-attr]
    assert await patient == price()
    assert impatient.cancelled()
    assert load.loads == 1
    assert await cache.get_or_load(PRICES, A, "x", failing) == price()  # and it was stored


async def test_a_stale_value_is_served_while_one_refresh_runs(
    cache: PolicyCache, clock: FakeClock, stats: RecordingStats
) -> None:
    await cache.get_or_load(STALE_PRICES, A, "x", constant(price(amount="1")))
    clock.advance(15)  # past the ttl (10 s), inside the stale window (20 s more)
    refresh = Loader(price(amount="2"), gate=asyncio.Event())
    stale = [await cache.get_or_load(STALE_PRICES, A, "x", refresh) for _ in range(5)]
    assert {value.price for value in stale} == {1}  # answered at once, not after the refresh
    await refresh.started.wait()
    refresh.gate.set()  # type: ignore[union-attr]
    await asyncio.sleep(0.01)
    assert (await cache.get_or_load(STALE_PRICES, A, "x", failing)).price == 2
    assert refresh.loads == 1
    assert stats.of(STALE_PRICES.name) == (6, 1, 0)  # stale answers count as hits


async def test_past_the_stale_window_a_read_waits_for_the_load(cache: PolicyCache, clock: FakeClock) -> None:
    await cache.get_or_load(STALE_PRICES, A, "x", constant(price(amount="1")))
    clock.advance(30.5)
    assert (await cache.get_or_load(STALE_PRICES, A, "x", constant(price(amount="2")))).price == 2


async def test_a_failed_refresh_keeps_serving_the_stale_value(
    cache: PolicyCache, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await cache.get_or_load(STALE_PRICES, A, "x", constant(price(amount="1")))
    clock.advance(15)
    assert (await cache.get_or_load(STALE_PRICES, A, "x", failing)).price == 1
    await asyncio.sleep(0.01)
    assert "refreshing a stale test.stale_prices entry failed" in caplog.text
    assert (await cache.get_or_load(STALE_PRICES, A, "x", failing)).price == 1


async def test_invalidating_a_tenant_leaves_the_others(cache: PolicyCache) -> None:
    for owner in (A, B, PLATFORM):
        await cache.get_or_load(PRICES, owner, "x", constant(price()))
    await cache.invalidate_tenant(PRICES, A.tenant_id)
    assert (await cache.get_or_load(PRICES, A, "x", constant(price(amount="9")))).price == 9
    assert await cache.get_or_load(PRICES, B, "x", failing) == price()
    assert await cache.get_or_load(PRICES, PLATFORM, "x", failing) == price()
    await cache.invalidate_all(PRICES)
    assert (await cache.get_or_load(PRICES, B, "x", constant(price(amount="8")))).price == 8


async def test_invalidating_a_user_leaves_the_other_users(cache: PolicyCache) -> None:
    other = CacheOwner(A.tenant_id, uuid.uuid4())
    await cache.get_or_load(MY_PRICES, A, "x", constant(price()))
    await cache.get_or_load(MY_PRICES, other, "x", constant(price()))
    assert A.user_id is not None
    await cache.invalidate_user(MY_PRICES, A.user_id)
    assert (await cache.get_or_load(MY_PRICES, A, "x", constant(price(amount="9")))).price == 9
    assert await cache.get_or_load(MY_PRICES, other, "x", failing) == price()
    with pytest.raises(ValueError, match="not per user"):
        await cache.invalidate_user(PRICES, A.user_id)


async def test_a_value_loaded_across_an_invalidation_is_not_stored(cache: PolicyCache) -> None:
    old = Loader(price(amount="1"), gate=asyncio.Event())
    reader = asyncio.create_task(cache.get_or_load(PRICES, A, "x", old))
    await old.started.wait()
    await cache.invalidate_tenant(PRICES, A.tenant_id)  # the change committed while the old value loaded
    old.gate.set()  # type: ignore[union-attr]
    assert (await reader).price == 1  # that reader asked before the change
    assert (await cache.get_or_load(PRICES, A, "x", constant(price(amount="2")))).price == 2


async def test_an_event_drops_its_tenants_entries_and_the_platforms(cache: PolicyCache) -> None:
    bus = InProcessBus()
    subscribe_invalidations(bus, cache, [PRICES, STALE_PRICES])
    assert [s.consumer for s in bus.subscriptions(CommodityUpdatedV1.wire_name)] == [
        consumer_name(PRICES, CommodityUpdatedV1.wire_name)
    ]
    for owner in (A, B, PLATFORM):
        await cache.get_or_load(PRICES, owner, "x", constant(price()))

    await bus.publish(Envelope.wrap(updated(), tenant_id=str(A.tenant_id)))
    assert (await cache.get_or_load(PRICES, A, "x", constant(price(amount="9")))).price == 9
    assert (await cache.get_or_load(PRICES, PLATFORM, "x", constant(price(amount="9")))).price == 9
    assert await cache.get_or_load(PRICES, B, "x", failing) == price()

    await bus.publish(Envelope.wrap(updated()))  # no tenant: a global commodity, seen by all
    assert (await cache.get_or_load(PRICES, B, "x", constant(price(amount="7")))).price == 7


async def test_an_entry_that_does_not_decode_is_a_miss(
    cache: PolicyCache, clock: FakeClock, stats: RecordingStats
) -> None:
    slot = slot_for(PRICES, A, "x")
    lookup = await cache.backend.read(PRICES, slot)
    await cache.backend.write(PRICES, slot, lookup.generation, Entry(b'{"commodity": 1}', clock() + 60))
    assert await cache.get_or_load(PRICES, A, "x", constant(price())) == price()
    assert stats.of(PRICES.name) == (0, 1, 1)
    assert await cache.get_or_load(PRICES, A, "x", failing) == price()  # replaced by the load


async def test_caching_off_always_loads() -> None:
    load = Loader(price())
    for _ in range(3):
        assert await NO_CACHE.get_or_load(PRICES, A, "x", load) == price()
    await NO_CACHE.invalidate_all(PRICES)
    assert load.loads == 3


def updated() -> CommodityUpdatedV1:
    return CommodityUpdatedV1(
        commodity_id=uuid.uuid4(),
        code="COTTON",
        name="Raw cotton",
        category="fibre",
        hsn_code="5201",
        gst_rate="5",
        base_unit="KG",
        units=(),
        varieties=(),
        active=True,
        version=2,
        changed_fields=("name",),
    )
