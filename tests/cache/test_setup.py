"""Settings choose the backend: the embedded default needs no Redis."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend.core.cache import NO_CACHE
from backend.core.cache.memory import MemoryBackend
from backend.core.cache.redis_backend import RedisBackend
from backend.core.cache.service import PolicyCache
from backend.core.cache.setup import build_cache
from backend.core.config import Settings


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def test_without_redis_the_default_is_in_process() -> None:
    cache = build_cache(settings(redis_url=None))
    assert isinstance(cache, PolicyCache)
    assert isinstance(cache.backend, MemoryBackend)


async def test_with_a_redis_url_the_default_is_redis() -> None:
    cache = build_cache(settings(redis_url="redis://127.0.0.1:6379/0", cache_prefix="mandi-test"))
    assert isinstance(cache, PolicyCache)
    assert isinstance(cache.backend, RedisBackend)
    await cache.close()


async def test_the_backend_can_be_chosen_or_turned_off() -> None:
    assert build_cache(settings(cache_backend="none", redis_url="redis://127.0.0.1:6379/0")) is NO_CACHE
    memory = build_cache(settings(cache_backend="memory", redis_url="redis://127.0.0.1:6379/0"))
    assert isinstance(memory, PolicyCache)
    assert isinstance(memory.backend, MemoryBackend)


def test_redis_without_a_url_and_unknown_backends_are_refused() -> None:
    with pytest.raises(ValueError, match="needs MANDI_REDIS_URL"):
        build_cache(settings(cache_backend="redis", redis_url=None))
    with pytest.raises(ValidationError, match="cache_backend"):
        settings(cache_backend="memcached")
