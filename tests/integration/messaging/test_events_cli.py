"""``mandi events``: the catalogue command and the dead-letter commands against a real broker."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from pathlib import Path

from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.messaging.bus import Subscription
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.nats_broker import BrokerSettings, NatsBroker
from tests.integration.messaging.conftest import NatsServer


async def mandi(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from backend.app.cli import main; main()",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **env},
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, out.decode(), err.decode()


async def test_schema_writes_the_catalogue(tmp_path: Path) -> None:
    code, out, _ = await mandi("events", "schema", "--out", str(tmp_path), env={})
    assert code == 0
    assert (tmp_path / "asyncapi.yaml").exists()
    assert (tmp_path / "schemas" / "commodities.commodity_created.v1.json").exists()
    assert "asyncapi.yaml" in out


async def test_dlq_commands_need_a_broker() -> None:
    code, out, err = await mandi("events", "dlq", "list", env={"MANDI_BROKER_URL": ""})
    assert code == 1
    assert "MANDI_BROKER_URL" in err
    assert out == ""


async def test_dlq_list_and_replay(nats_server: NatsServer, stream_prefix: str) -> None:
    broker = NatsBroker(BrokerSettings(nats_server.url, stream_prefix, max_attempts=1), ["commodities"])
    await broker.connect()
    try:
        event = CommodityCreatedV1(
            commodity_id=uuid.uuid4(),
            code="DLQ",
            name="Dead letter",
            category="fibre",
            hsn_code="5201",
            gst_rate="5",
            base_unit="KG",
            units=(),
            varieties=(),
            active=True,
            version=1,  # type: ignore[arg-type]
        )
        await broker.publish(Envelope.wrap(event))
        stop = asyncio.Event()

        async def refuse(_: IntegrationEvent) -> None:
            stop.set()
            raise RuntimeError("refused")

        await broker.consume([Subscription(CommodityCreatedV1.wire_name, "tests.cli_refuse", refuse)], stop)
    finally:
        await broker.close()
    env = {"MANDI_BROKER_URL": nats_server.url, "MANDI_BROKER_STREAM_PREFIX": stream_prefix}
    code, out, _ = await mandi("events", "dlq", "list", env=env)
    assert code == 0
    (letter,) = [json.loads(line) for line in out.splitlines()]
    assert (letter["consumer"], letter["event_id"]) == ("tests.cli_refuse", str(event.event_id))
    assert "refused" in letter["error"]
    code, out, _ = await mandi("events", "dlq", "replay", str(letter["sequence"]), env=env)
    assert code == 0
    assert json.loads(out)["event_id"] == str(event.event_id)
    code, out, _ = await mandi("events", "dlq", "list", env=env)
    assert (code, out) == (0, "")
