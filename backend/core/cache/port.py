"""The cache as read paths see it: a read-through ``get_or_load`` and explicit invalidation."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from backend.core.cache.policy import CacheOwner, CachePolicy

T = TypeVar("T")


class Cache(Protocol):
    async def get_or_load(
        self, policy: CachePolicy[T], owner: CacheOwner, parts: object, loader: Callable[[], Awaitable[T]]
    ) -> T:
        """The cached value of ``parts`` for ``owner`` under ``policy``, else ``await loader()``
        (stored for the next caller). Never fails because the cache does: it then just loads."""

    async def invalidate_all(self, policy: CachePolicy[Any]) -> None:
        """Drop every entry of ``policy``, in every process sharing the backend."""

    async def invalidate_tenant(self, policy: CachePolicy[Any], tenant_id: uuid.UUID | None) -> None:
        """Drop one tenant's entries (``None``: the platform's partition)."""

    async def invalidate_user(self, policy: CachePolicy[Any], user_id: uuid.UUID) -> None:
        """Drop one user's entries of a per-user policy."""

    async def close(self) -> None: ...


class NoCache:
    """Caching off: every read loads, invalidation has nothing to do (``MANDI_CACHE_BACKEND=none``)."""

    async def get_or_load(
        self, policy: CachePolicy[T], owner: CacheOwner, parts: object, loader: Callable[[], Awaitable[T]]
    ) -> T:
        return await loader()

    async def invalidate_all(self, policy: CachePolicy[Any]) -> None:
        """Nothing is stored, so nothing goes stale."""

    async def invalidate_tenant(self, policy: CachePolicy[Any], tenant_id: uuid.UUID | None) -> None:
        """Nothing is stored, so nothing goes stale."""

    async def invalidate_user(self, policy: CachePolicy[Any], user_id: uuid.UUID) -> None:
        """Nothing is stored, so nothing goes stale."""

    async def close(self) -> None:
        """No connection to close."""


NO_CACHE: Cache = NoCache()


async def invalidate_changed(cache: Cache, policy: CachePolicy[Any], tenant_id: uuid.UUID | None) -> None:
    """After data owned by ``tenant_id`` changed: drop what may show it.

    A tenant's data is seen by that tenant and by platform callers (who may read every tenant's
    rows), so both partitions go; data without a tenant is global and seen by everyone.
    """
    if tenant_id is None:
        await cache.invalidate_all(policy)
        return
    await cache.invalidate_tenant(policy, tenant_id)
    await cache.invalidate_tenant(policy, None)
