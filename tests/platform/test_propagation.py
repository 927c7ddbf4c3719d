"""Two processes see a configuration change without a restart: this test process serves the API
(over a committing container) and changes a value; a child process, built like a worker, reads it
and reports when it sees the change. No broker: the child converges by polling the change counter."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from backend.app.bootstrap import Container
from backend.core.config import Settings
from tests.actors import api_client, platform_operator

KEY = "platform.maintenance_message"
POLL_SECONDS = Settings.model_fields["config_poll_seconds"].default  # what every process runs with
MARGIN_SECONDS = 1.0  # one counter query and one reload, plus scheduling on a busy machine
CHANGES = 3


@pytest.fixture
async def child(database_url: str) -> AsyncIterator[tuple[asyncio.subprocess.Process, uuid.UUID]]:
    tenant = uuid.uuid4()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.platform.config_child",
        database_url,
        KEY,
        str(tenant),
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ},
    )
    assert process.stdout is not None
    ready = await asyncio.wait_for(process.stdout.readline(), timeout=60)
    assert ready.decode().strip() == "ready null", ready
    yield process, tenant
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=30)


async def test_a_worker_process_sees_an_api_change_within_the_poll_bound(
    child: tuple[asyncio.subprocess.Process, uuid.UUID], committed_container: Callable[[], Container]
) -> None:
    process, tenant = child
    assert process.stdout is not None
    api = committed_container()
    operator = await platform_operator(api)
    delays = []
    async with api_client(api, operator) as client:
        for n in range(CHANGES):
            value = f"notice {n} {uuid.uuid4().hex[:6]}"
            body = {"value": value, "scope": "tenant", "tenant_id": str(tenant)}
            response = await client.put(f"/api/v1/config/{KEY}", json=body, headers={"If-Match": "*"})
            assert response.status_code == 200, response.text
            committed = time.monotonic()
            # the API process itself reads its write at once
            assert await api.config.value(KEY, tenant_id=tenant) == value
            line = await asyncio.wait_for(process.stdout.readline(), timeout=POLL_SECONDS + 10)
            delays.append(time.monotonic() - committed)
            assert line.decode().strip() == f"seen {json.dumps(value)}"
            await asyncio.sleep(0.3 * n)  # land the next change at a different point of the child's poll cycle
        await client.delete(
            f"/api/v1/config/{KEY}", params={"scope": "tenant", "tenant_id": str(tenant)}, headers={"If-Match": "*"}
        )
    print(
        f"\nconfig propagation to a second process (poll {POLL_SECONDS} s): " + ", ".join(f"{d:.3f} s" for d in delays)
    )
    assert max(delays) <= POLL_SECONDS + MARGIN_SECONDS, delays
