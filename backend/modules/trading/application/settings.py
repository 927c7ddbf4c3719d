"""The trading context's runtime configuration: how long a negotiation may stay idle, per tenant.

``trading.negotiation_idle_hours`` (default 48) is read when a negotiation starts and frozen into it,
so changing the setting never shortens a conversation already under way.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Protocol

from backend.contracts.platform.config import declare
from backend.contracts.platform.queries import ConfigReader
from backend.modules.trading.domain.negotiation import DEFAULT_IDLE_TIMEOUT

NEGOTIATION_IDLE_HOURS = declare(
    "trading.negotiation_idle_hours",
    "Hours without an offer after which an open negotiation expires (read when it starts)",
    schema={"type": "integer", "minimum": 1, "maximum": 720},
    default=int(DEFAULT_IDLE_TIMEOUT.total_seconds() // 3600),
    scopes=("platform", "tenant"),
)


class DealSettings(Protocol):
    async def negotiation_idle_timeout(self, tenant_id: uuid.UUID) -> timedelta: ...


class DefaultDealSettings:
    """The code's defaults (service tests and tools without the platform's configuration)."""

    async def negotiation_idle_timeout(self, tenant_id: uuid.UUID) -> timedelta:
        return DEFAULT_IDLE_TIMEOUT


class ConfiguredDealSettings:
    """``DealSettings`` over the platform's runtime configuration."""

    def __init__(self, reader: ConfigReader) -> None:
        self._reader = reader

    async def negotiation_idle_timeout(self, tenant_id: uuid.UUID) -> timedelta:
        hours = await self._reader.value(NEGOTIATION_IDLE_HOURS.key, tenant_id=tenant_id)
        return timedelta(hours=int(hours)) if hours else DEFAULT_IDLE_TIMEOUT
