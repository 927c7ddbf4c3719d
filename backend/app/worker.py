"""``mandi worker``: the outbox relay outside the API processes, with a graceful stop."""

from __future__ import annotations

import asyncio
import logging
import signal

from backend.app.bootstrap import build_container
from backend.app.logs import configure_logging
from backend.core.config import Settings

log = logging.getLogger(__name__)


async def run_worker(settings: Settings, *, once: bool = False) -> None:
    configure_logging(settings.log_level)
    container = await build_container(settings)
    try:
        if once:
            delivered = await container.relay.drain()
            log.info("delivered %d pending events", delivered)
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        log.info("worker started; relaying outbox events")
        await container.relay.run(stop, settings.relay_interval_seconds)
        log.info("worker stopped")
    finally:
        await container.close()
