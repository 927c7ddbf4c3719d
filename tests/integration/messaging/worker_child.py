"""A ``mandi worker`` in its own process for the broker tests, with a test subscriber registered.

Usage: python -m tests.integration.messaging.worker_child DB_URL NATS_URL PREFIX NAME MODE
MODE "record": the handler records the event in ``public.test_handled`` (in the inbox transaction);
MODE "hang": it announces itself on stdout and then sleeps, to be killed mid-handler.
"""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy import text

from backend.app.bootstrap import Container
from backend.app.worker import run_worker
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.config import Settings
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.commodities.infrastructure.unit_of_work import SqlCommoditiesUnitOfWork

CONSUMER = "tests.on_commodity_created_record"


def main() -> None:
    database_url, nats_url, prefix, name, mode = sys.argv[1:6]
    settings = Settings(
        database_url=database_url,
        broker_url=nats_url,
        broker_stream_prefix=prefix,
        consumer_ack_wait_seconds=2,
        consumer_max_attempts=3,
        secret_key="test-secret-key",
        run_relay=False,
        log_level="WARNING",
        shutdown_grace_seconds=5,
    )

    async def record(event: IntegrationEvent, uow: SqlCommoditiesUnitOfWork) -> None:
        if mode == "hang":
            print(f"handling {event.event_id}", flush=True)
            await asyncio.sleep(3600)
        await uow.session.execute(
            text("INSERT INTO public.test_handled (event_id, worker) VALUES (:event, :worker)"),
            {"event": event.event_id, "worker": name},
        )

    def register(container: Container) -> None:
        handler = idempotent(CONSUMER, lambda: container.commodities_uow(SYSTEM_SCOPE), record)
        container.bus.subscribe(CommodityCreatedV1.wire_name, CONSUMER, handler)
        print("ready", flush=True)

    asyncio.run(run_worker(settings, register=register))


if __name__ == "__main__":
    main()
