"""A private NATS server with JetStream for these tests (a real server, restartable at will)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nats
import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nats-server did not listen on {port} within {timeout} s")


@dataclass
class NatsServer:
    binary: str
    store: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [self.binary, "-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd", str(self.store)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_until_listening(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    binary = shutil.which("nats-server") or (
        "/usr/sbin/nats-server" if Path("/usr/sbin/nats-server").exists() else None
    )
    if binary is None:
        pytest.fail("nats-server is not installed; run: scripts/services.sh up nats")
    server = NatsServer(binary, tmp_path_factory.mktemp("jetstream"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def stream_prefix(nats_server: NatsServer) -> AsyncIterator[str]:
    """Streams of their own for each test, deleted afterwards: JetStream lets only one stream own a
    subject, so two tests' ``commodities.>`` streams cannot live side by side."""
    prefix = f"T{uuid.uuid4().hex[:10].upper()}"
    yield prefix
    if nats_server.process is None:
        nats_server.start()
    connection = await nats.connect(nats_server.url)
    try:
        js = connection.jetstream()
        for stream in await js.streams_info():
            if stream.config.name and stream.config.name.startswith(prefix):
                await js.delete_stream(stream.config.name)
    finally:
        await connection.close()
