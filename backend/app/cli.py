"""``mandi``: serve, migrate, seed, worker and demo."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Annotated, Any, NoReturn

import typer

from backend.app.admin_cli import admin_app, failure_message, keys_app, roles_app, sync_roles, tenants_app
from backend.app.bootstrap import build_container
from backend.app.config_cli import config_app
from backend.app.demo import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_tenant
from backend.app.demo_staff import CHECKER_EMAIL, CHECKER_PASSWORD
from backend.app.events_cli import events_app
from backend.app.worker import run_worker
from backend.core.config import InvalidSettings, Settings, get_settings
from backend.core.errors import MandiError
from backend.core.principal import SYSTEM_SCOPE
from backend.db import migrate as migrations
from backend.db.embedded import resolve_database_url
from backend.modules.commodities.application.commands.seed_commodities import seed_commodities
from backend.modules.commodities.infrastructure.seed_catalogue import CATALOGUE

app = typer.Typer(help="Mandi: an open platform for physical commodity trading.", no_args_is_help=True)

Host = Annotated[str, typer.Option(help="Interface to listen on")]
Port = Annotated[int, typer.Option(min=1, max=65535, help="TCP port")]


def _fail(message: str) -> NoReturn:
    typer.echo(f"mandi: {message}", err=True)
    raise typer.Exit(code=1)


async def _migrate(settings: Settings, context: str | None) -> tuple[str, dict[str, Any] | None]:
    """Upgrade, then (when the identity schema moved) bring system roles to this release's catalogue."""
    url = await resolve_database_url(settings)
    await migrations.upgrade(url, context)
    if context not in (None, "identity"):
        return url, None
    # the sync publishes no events: it needs no broker, so a migration job does not wait for one
    container = await build_container(settings.model_copy(update={"database_url": url, "broker_url": None}))
    try:
        return url, await sync_roles(container)
    except MandiError as error:
        _fail(f"migrated, but the system roles could not follow the catalogue: {failure_message(error)}")
    finally:
        await container.close()


async def _seed(settings: Settings, *, demo: bool = False) -> dict[str, list[str]]:
    container = await build_container(settings)
    try:
        result = await seed_commodities(CATALOGUE, lambda: container.commodities_uow(SYSTEM_SCOPE))
        if demo:
            await ensure_demo_tenant(container)
        await container.relay.drain()
    finally:
        await container.close()
    return {"created": list(result.created), "skipped": list(result.skipped)}


def _serve(settings: Settings, host: str, port: int, workers: int) -> None:
    import uvicorn

    options = {
        "host": host,
        "port": port,
        "loop": "uvloop",
        "http": "httptools",
        "log_level": settings.log_level.lower(),
    }
    if workers > 1:
        # each worker process builds its own app (and engine) from the environment
        uvicorn.run("backend.app.main:create_app", factory=True, workers=workers, **options)  # type: ignore[arg-type]
        return
    from backend.app.main import create_app

    uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]


@app.command()
def serve(
    host: Host = "127.0.0.1", port: Port = 8000, workers: Annotated[int, typer.Option(min=1, max=64)] = 1
) -> None:
    """Serve the HTTP API (uvicorn with uvloop and httptools)."""
    _serve(get_settings(), host, port, workers)


@app.command()
def migrate(
    context: Annotated[str | None, typer.Option(help="Migrate only this context's branch")] = None,
) -> None:
    """Upgrade the database schema of every context (or of one) to the newest revision.

    Then every tenant's system roles follow this release's catalogue (see `mandi roles sync`).
    """
    if context is not None and context not in migrations.CONTEXT_TABLES:
        _fail(f"unknown context {context!r}; known: {', '.join(migrations.CONTEXT_TABLES)}")
    _, roles = asyncio.run(_migrate(get_settings(), context))
    result: dict[str, Any] = {"migrated": context or "all"}
    if roles is not None:
        result["system_roles"] = roles
    typer.echo(json.dumps(result, default=str))


@app.command()
def seed() -> None:
    """Load the reference commodities (cotton, sugar, soybean, copper); existing codes are kept."""
    typer.echo(json.dumps(asyncio.run(_seed(get_settings()))))


@app.command()
def worker(once: Annotated[bool, typer.Option(help="Deliver what is pending, then exit")] = False) -> None:
    """Run background work: the outbox relay (until SIGTERM or SIGINT)."""
    asyncio.run(run_worker(get_settings(), once=once))


@app.command()
def demo(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Embedded database, migrate, seed, serve: everything a first look needs."""
    settings = get_settings()
    url, roles = asyncio.run(_migrate(settings, None))
    if roles and (roles["roles_created"] or roles["roles_updated"]):
        updated = ", ".join(sorted({r["role"] for r in (*roles["roles_created"], *roles["roles_updated"])}))
        typer.echo(f"System roles brought up to date: {updated}")
    settings = settings.model_copy(update={"database_url": url})
    result = asyncio.run(_seed(settings, demo=True))
    typer.echo(f"Seeded commodities: created {result['created'] or 'none'}, kept {result['skipped'] or 'none'}")
    typer.echo(f"Sign in (POST /api/v1/auth/login) as {DEMO_EMAIL} with password {DEMO_PASSWORD}")
    typer.echo(f"The back-office checker (approvals): {CHECKER_EMAIL} with password {CHECKER_PASSWORD}")
    typer.echo(f"Mandi API docs: http://{host}:{port}/docs")
    sys.stdout.flush()
    _serve(settings, host, port, 1)


app.add_typer(admin_app, name="admin")
app.add_typer(tenants_app, name="tenants")
app.add_typer(keys_app, name="keys")
app.add_typer(roles_app, name="roles")
app.add_typer(events_app, name="events")
app.add_typer(config_app, name="config")


def main() -> None:
    try:
        app()
    except InvalidSettings as error:  # a bad MANDI_* value: name it, no traceback
        typer.echo(f"mandi: {error}", err=True)
        sys.exit(1)
