"""Caching policy primitives: declare a ``CachePolicy``, apply it on a read path with one
``await cache.get_or_load(policy, owner, parts, loader)``.

Read paths and use cases import from here (policies, the ``Cache`` port, codecs); only the
composition root builds a backend (``backend.core.cache.setup``).
"""

from backend.core.cache.codec import Codec, JsonCodec
from backend.core.cache.policy import CacheOwner, CachePolicy, CacheScope
from backend.core.cache.port import NO_CACHE, Cache, NoCache, invalidate_changed
from backend.core.cache.stats import NO_STATS, CacheStats

__all__ = [
    "NO_CACHE",
    "NO_STATS",
    "Cache",
    "CacheOwner",
    "CachePolicy",
    "CacheScope",
    "CacheStats",
    "Codec",
    "JsonCodec",
    "NoCache",
    "invalidate_changed",
]
