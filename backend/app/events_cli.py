"""``mandi events``: the event catalogue, and the dead-letter stream of the broker."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from backend.app.bootstrap import connect_broker
from backend.core.config import get_settings
from backend.core.messaging.catalog import write_catalog
from backend.core.messaging.nats_broker import NatsBroker

events_app = typer.Typer(help="Integration events.", no_args_is_help=True)
dlq_app = typer.Typer(help="Dead letters: events a consumer gave up on.", no_args_is_help=True)
events_app.add_typer(dlq_app, name="dlq")

DEFAULT_CATALOG = Path("docs/events")


@events_app.command("schema")
def schema(out: Annotated[Path, typer.Option(help="Folder for schemas/ and asyncapi.yaml")] = DEFAULT_CATALOG) -> None:
    """Write the JSON Schema of every event and the AsyncAPI 3 document."""
    for path in write_catalog(out):
        typer.echo(str(path))


async def _broker() -> NatsBroker:
    broker = await connect_broker(get_settings())
    if broker is None:
        typer.echo("mandi: set MANDI_BROKER_URL; the in-process bus keeps no dead letters", err=True)
        raise typer.Exit(code=1)
    return broker


@dlq_app.command("list")
def dlq_list(limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100) -> None:
    """One JSON line per dead letter: sequence, consumer, event, error."""

    async def main() -> None:
        broker = await _broker()
        try:
            for letter in await broker.dead_letters(limit):
                typer.echo(
                    json.dumps(
                        {
                            "sequence": letter.sequence,
                            "consumer": letter.consumer,
                            "wire_name": letter.wire_name,
                            "event_id": letter.event_id,
                            "error": letter.error,
                        }
                    )
                )
        finally:
            await broker.close()

    asyncio.run(main())


@dlq_app.command("replay")
def dlq_replay(
    sequence: Annotated[list[int] | None, typer.Argument(help="Sequences to replay; none: all")] = None,
) -> None:
    """Publish dead letters again (consumers that handled them skip them via their inbox)."""

    async def main() -> None:
        broker = await _broker()
        try:
            targets = sequence or [letter.sequence for letter in await broker.dead_letters(10_000)]
            for number in targets:
                letter = await broker.replay(number)
                typer.echo(json.dumps({"replayed": number, "wire_name": letter.wire_name, "event_id": letter.event_id}))
        finally:
            await broker.close()

    asyncio.run(main())
