"""Builds the process's cache from settings: ``MANDI_CACHE_BACKEND`` and ``MANDI_REDIS_URL``."""

from __future__ import annotations

from backend.core.cache.memory import MemoryBackend
from backend.core.cache.port import NO_CACHE, Cache
from backend.core.cache.redis_backend import RedisBackend
from backend.core.cache.service import PolicyCache
from backend.core.cache.stats import CacheStats, CallbackStats
from backend.core.config import Settings
from backend.core.observability import metrics

# mandi_cache_hits_total / mandi_cache_misses_total / mandi_cache_errors_total by policy
METRICS = CallbackStats(metrics.cache_hit, metrics.cache_miss, metrics.cache_error)


def backend_name(settings: Settings) -> str:
    """``auto``: Redis when ``redis_url`` is set (shared by every process), else in-process."""
    if settings.cache_backend != "auto":
        return settings.cache_backend
    return "redis" if settings.redis_url else "memory"


def build_cache(settings: Settings, stats: CacheStats = METRICS) -> Cache:
    name = backend_name(settings)
    if name == "none":
        return NO_CACHE
    if name == "memory":
        return PolicyCache(MemoryBackend(), stats)
    if not settings.redis_url:
        raise ValueError("MANDI_CACHE_BACKEND=redis needs MANDI_REDIS_URL")
    backend = RedisBackend.from_url(
        settings.redis_url, settings.cache_prefix, timeout=settings.cache_redis_timeout_seconds
    )
    return PolicyCache(backend, stats)
