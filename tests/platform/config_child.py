"""A second process (as a worker is) reading runtime configuration, for the propagation test.

Usage: python -m tests.platform.config_child DB_URL KEY TENANT_ID
Builds a container as ``mandi worker`` does, prints ``ready <value as JSON>``, then reads KEY for
TENANT_ID every 10 ms and prints ``seen <value as JSON>`` whenever it changes, until SIGTERM.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import uuid

from backend.app.bootstrap import build_container
from backend.core.config import Settings


async def main() -> None:
    database_url, key, tenant = sys.argv[1:4]
    settings = Settings(database_url=database_url, secret_key="test-secret-key", run_relay=False, log_level="WARNING")
    container = await build_container(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    try:
        last = await container.config.value(key, tenant_id=uuid.UUID(tenant))
        print("ready", json.dumps(last), flush=True)
        while not stop.is_set():
            value = await container.config.value(key, tenant_id=uuid.UUID(tenant))
            if value != last:
                print("seen", json.dumps(value), flush=True)
                last = value
            await asyncio.sleep(0.01)
    finally:
        await container.close()


if __name__ == "__main__":
    asyncio.run(main())
