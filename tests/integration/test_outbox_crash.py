"""An event survives the process dying between commit and delivery."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import textwrap
import uuid

from sqlalchemy import delete, select

from backend.app.bootstrap import Container
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.messaging.events import IntegrationEvent
from backend.modules.commodities.infrastructure.tables import CommodityRow, outbox
from tests.conftest import platform_session

# Commit a commodity through the real use case, then die at once: no relay, no clean shutdown.
CHILD = textwrap.dedent(
    """
    import asyncio, dataclasses, os, signal, sys
    from backend.app.bootstrap import build_container
    from backend.core.config import Settings
    from backend.core.principal import SYSTEM_SCOPE
    from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
    from backend.modules.commodities.infrastructure.seed_catalogue import COTTON

    async def main():
        container = await build_container(Settings(database_url=sys.argv[1], run_relay=False, secret_key="test"))
        definition = dataclasses.replace(COTTON, code=sys.argv[2])
        await create_commodity(CreateCommodity(definition), container.commodities_uow(SYSTEM_SCOPE))
        print("committed", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


async def test_event_committed_by_a_killed_process_is_delivered_by_the_next_relay(
    database_url: str, committed_container
) -> None:  # type: ignore[no-untyped-def]
    code = f"CRASH-{uuid.uuid4().hex[:8].upper()}"
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        CHILD,
        database_url,
        code,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ},
    )
    stdout, stderr = await asyncio.wait_for(child.communicate(), timeout=60)
    assert child.returncode == -signal.SIGKILL, stderr.decode()
    assert b"committed" in stdout

    container: Container = committed_container()
    try:
        async with platform_session(container) as session:
            commodity_id = await session.scalar(select(CommodityRow.id).where(CommodityRow.code == code))
            row = (await session.execute(select(outbox).where(outbox.c.aggregate_id == str(commodity_id)))).one()
        assert row.status == "pending"

        received: list[IntegrationEvent] = []

        async def record(event: IntegrationEvent) -> None:
            if getattr(event, "code", None) == code:
                received.append(event)

        container.bus.subscribe(CommodityCreatedV1.wire_name, "test.crash_record", record)
        await container.relay.drain()
        assert [e.event_id for e in received] == [row.event_id]
        async with platform_session(container) as session:
            status = await session.scalar(select(outbox.c.status).where(outbox.c.seq == row.seq))
        assert status == "sent"
    finally:
        async with platform_session(container) as session:
            ids = (await session.scalars(select(CommodityRow.id).where(CommodityRow.code == code))).all()
            await session.execute(delete(outbox).where(outbox.c.aggregate_id.in_([str(i) for i in ids])))
            await session.execute(delete(CommodityRow).where(CommodityRow.code == code))
