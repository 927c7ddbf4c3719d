"""Alembic environment: async engine, every context's schema, one version table."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from backend.db.migrate import SCHEMAS, target_metadata

config = context.config


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    # only the schemas Mandi owns take part in autogenerate; public holds alembic_version alone
    if type_ == "schema":
        return name in SCHEMAS
    return True


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata(),
        include_schemas=True,
        include_name=include_name,
        compare_type=True,
        compare_server_default=True,
        version_table_schema="public",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_async_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata(),
        include_schemas=True,
        include_name=include_name,
        literal_binds=True,
        version_table_schema="public",
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
