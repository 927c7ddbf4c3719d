"""The composition root: the one place that sees every context's infrastructure."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.idempotency.store import IdempotencyStore
from backend.core.config import Settings
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.relay import OutboxRelay
from backend.core.principal import DataScope
from backend.db import migrate
from backend.db.embedded import resolve_database_url
from backend.db.engine import create_engine, create_session_factory
from backend.modules.commodities.infrastructure import tables as commodity_tables
from backend.modules.commodities.infrastructure.unit_of_work import SqlCommoditiesUnitOfWork

OUTBOXES: tuple[Table, ...] = (commodity_tables.outbox,)
READINESS_TIMEOUT_SECONDS = 2.0


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    bus: InProcessBus = field(default_factory=InProcessBus)

    def __post_init__(self) -> None:
        self.relay = OutboxRelay(
            self.session_factory,
            OUTBOXES,
            self.bus,
            batch_size=self.settings.relay_batch_size,
            max_attempts=self.settings.relay_max_attempts,
        )
        self.idempotency = IdempotencyStore(self.session_factory, timedelta(hours=self.settings.idempotency_ttl_hours))

    def commodities_uow(self, scope: DataScope) -> SqlCommoditiesUnitOfWork:
        return SqlCommoditiesUnitOfWork(self.session_factory, scope)

    async def readiness(self) -> dict[str, str]:
        try:
            async with asyncio.timeout(READINESS_TIMEOUT_SECONDS), self.engine.connect() as connection:
                applied = await migrate.applied_heads(connection)
        except Exception as error:  # noqa: BLE001 - any failure means "not ready", with its reason
            reason = "timed out" if isinstance(error, TimeoutError) else f"unreachable ({type(error).__name__})"
            return {"database": reason, "migrations": "unknown"}
        missing = migrate.expected_heads() - applied
        migrations = "ok" if not missing else f"not at head (missing {', '.join(sorted(missing))}); run 'mandi migrate'"
        return {"database": "ok", "migrations": migrations}

    async def close(self) -> None:
        await self.engine.dispose()


async def build_container(settings: Settings) -> Container:
    url = await resolve_database_url(settings)
    engine = create_engine(url, settings)
    return Container(settings=settings, engine=engine, session_factory=create_session_factory(engine))
