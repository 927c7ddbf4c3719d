"""Invalidation by events: each policy's ``invalidated_by`` events, subscribed on the bus.

An event's tenant (from its envelope, set while it is handled) narrows what is dropped to that
tenant's entries and the platform's; an event without a tenant drops the whole policy. With the
Redis backend the drop is a new generation in Redis, seen by every process at once, so it does not
matter which process handles the event (with a broker, one worker does). With the in-process backend
only the handling process forgets; other processes keep their entries until the ttl ends them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from backend.core.cache.policy import CachePolicy
from backend.core.cache.port import Cache, invalidate_changed
from backend.core.context import tenant_id_var
from backend.core.messaging.bus import Handler, InProcessBus
from backend.core.messaging.events import IntegrationEvent


def consumer_name(policy: CachePolicy[Any], wire_name: str) -> str:
    """``cache.on_<event>_invalidate_<policy>``: the subscription's name on the bus and the broker."""
    event = wire_name.split(".")[1]
    return f"cache.on_{event}_invalidate_{policy.name.replace('.', '_')}"


def invalidation_handler(cache: Cache, policy: CachePolicy[Any]) -> Handler:
    async def invalidate(event: IntegrationEvent) -> None:
        tenant = tenant_id_var.get()
        await invalidate_changed(cache, policy, uuid.UUID(tenant) if tenant else None)

    return invalidate


def subscribe_invalidations(bus: InProcessBus, cache: Cache, policies: Iterable[CachePolicy[Any]]) -> None:
    for policy in policies:
        for wire_name in policy.invalidated_by:
            bus.subscribe(wire_name, consumer_name(policy, wire_name), invalidation_handler(cache, policy))
