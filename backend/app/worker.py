"""``mandi worker``: the outbox relay, the broker consumers and the scheduled jobs, stopped gracefully."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable

from backend.app.bootstrap import Container, build_container
from backend.app.logs import configure_logging
from backend.core.config import Settings
from backend.core.observability.tracing import configure_tracing
from backend.core.scheduling import Scheduler

log = logging.getLogger(__name__)


async def run_worker(
    settings: Settings, *, once: bool = False, register: Callable[[Container], None] | None = None
) -> None:
    """``register`` adds subscriptions to the container's bus before consuming starts."""
    configure_logging(settings)
    configure_tracing(settings, service="mandi-worker")
    container = await build_container(settings)
    try:
        if register is not None:
            register(container)
        if once:
            delivered = await container.relay.drain()
            log.info("delivered %d pending events", delivered)
            tried = await container.outgoing_messages.drain()
            log.info("tried %d due e-mails and SMS", tried)
            return
        await _run_until_signalled(container, settings)
    finally:
        await container.close()


async def _run_until_signalled(container: Container, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    tasks = [
        asyncio.create_task(container.relay.run(stop, settings.relay_interval_seconds), name="relay"),
        asyncio.create_task(Scheduler(container.engine, container.jobs()).run(stop), name="scheduler"),
    ]
    if container.outgoing_messages.channels:  # e-mail or SMS has a transport
        sending = container.outgoing_messages.run(stop, settings.message_poll_seconds)
        tasks.append(asyncio.create_task(sending, name="outgoing-messages"))
    if container.broker is not None:
        subscriptions = container.bus.subscriptions()
        tasks.append(asyncio.create_task(container.broker.consume(subscriptions, stop), name="consumers"))
    if settings.metrics_port is not None:
        tasks.append(asyncio.create_task(container.metrics.serve(settings.metrics_port, stop), name="metrics"))
    log.info("worker started; relaying outbox events%s", " and consuming from the broker" if container.broker else "")
    await stop.wait()
    # stop fetching, let in-flight handlers finish, but never hang the shutdown
    _, pending = await asyncio.wait(tasks, timeout=settings.shutdown_grace_seconds)
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    log.info("worker stopped")
