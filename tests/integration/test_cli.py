"""The ``mandi`` command as an operator runs it: JSON on stdout, clear errors, non-zero exits."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import create_database, drop_database

NO_ROLE_CHANGES = {"tenants_checked": 0, "roles_created": [], "roles_updated": [], "skipped": []}


def mandi(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MANDI_DATABASE_URL": database_url, "MANDI_LOG_LEVEL": "WARNING", "MANDI_SECRET_KEY": "test"}
    return subprocess.run(
        [sys.executable, "-c", "from backend.app.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    url = await create_database(server_url, prefix="mandi_cli")
    yield url
    await drop_database(url)


async def test_migrate_then_seed_then_seed_again(fresh_database: str) -> None:
    migrated = mandi("migrate", database_url=fresh_database)
    assert migrated.returncode == 0, migrated.stderr
    assert json.loads(migrated.stdout) == {"migrated": "all", "system_roles": NO_ROLE_CHANGES}

    first = mandi("seed", database_url=fresh_database)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"created": ["COTTON", "SUGAR", "SOYBEAN", "COPPER"], "skipped": []}

    second = mandi("seed", database_url=fresh_database)
    assert json.loads(second.stdout) == {"created": [], "skipped": ["COTTON", "SUGAR", "SOYBEAN", "COPPER"]}


async def test_migrate_one_context(fresh_database: str) -> None:
    result = mandi("migrate", "--context", "commodities", database_url=fresh_database)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"migrated": "commodities"}


async def test_unknown_context_fails_with_a_clear_message(fresh_database: str) -> None:
    result = mandi("migrate", "--context", "warehousing", database_url=fresh_database)
    assert result.returncode == 1
    assert "unknown context 'warehousing'" in result.stderr
    assert result.stdout == ""


async def test_worker_once_delivers_what_is_pending(fresh_database: str) -> None:
    mandi("migrate", database_url=fresh_database)
    mandi("seed", database_url=fresh_database)
    result = mandi("worker", "--once", database_url=fresh_database)
    assert result.returncode == 0, result.stderr


async def test_worker_stops_cleanly_on_sigterm(fresh_database: str) -> None:
    mandi("migrate", database_url=fresh_database)
    env = {**os.environ, "MANDI_DATABASE_URL": fresh_database, "MANDI_LOG_LEVEL": "INFO", "MANDI_SECRET_KEY": "test"}
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from backend.app.cli import main; main()",
        "worker",
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    assert worker.stderr is not None
    started = await asyncio.wait_for(worker.stderr.readline(), timeout=30)
    assert b"worker started" in started
    worker.send_signal(signal.SIGTERM)
    _, rest = await asyncio.wait_for(worker.communicate(), timeout=15)
    assert worker.returncode == 0, rest.decode()
    assert b"worker stopped" in rest


async def test_admin_and_tenant_bootstrap(fresh_database: str) -> None:
    mandi("migrate", database_url=fresh_database)
    created = mandi(
        "admin", "create", "--email", "ops@mandi.example", "--password", "Operat0r!Secret", database_url=fresh_database
    )
    assert created.returncode == 0, created.stderr
    assert set(json.loads(created.stdout)) == {"user_id"}

    again = mandi(
        "admin", "create", "--email", "OPS@mandi.example", "--password", "Operat0r!Secret", database_url=fresh_database
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr

    tenant = mandi(
        "tenants",
        "create",
        "--name",
        "Rajkot Cotton Co",
        "--country",
        "IN",
        "--currency",
        "INR",
        "--admin-email",
        "admin@rajkot.example",
        "--admin-password",
        "Adm1n!Secret#",
        database_url=fresh_database,
    )
    assert tenant.returncode == 0, tenant.stderr
    assert set(json.loads(tenant.stdout)) == {"tenant_id", "admin_user_id"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "India", "--currency", "INR", "--admin-password", "Adm1n!Secret#"], "country"),
        (["--country", "IN", "--currency", "RUPEE", "--admin-password", "Adm1n!Secret#"], "base_currency"),
        (["--country", "IN", "--currency", "INR", "--admin-password", "short"], "admin_password"),
    ],
)
async def test_tenant_bootstrap_refuses_bad_input(fresh_database: str, args: list[str], message: str) -> None:
    mandi("migrate", database_url=fresh_database)
    result = mandi(
        "tenants", "create", "--name", "X", "--admin-email", "a@b.example", *args, database_url=fresh_database
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stdout == ""


def create_tenant(database_url: str) -> str:
    created = mandi(
        "tenants",
        "create",
        "--name",
        "Akola Ginners",
        "--country",
        "IN",
        "--currency",
        "INR",
        "--admin-email",
        "admin@akola.example",
        "--admin-password",
        "Adm1n!Secret#",
        database_url=database_url,
    )
    assert created.returncode == 0, created.stderr
    return str(json.loads(created.stdout)["tenant_id"])


async def take_from_trader(database_url: str, tenant_id: str, permission: str) -> None:
    """What a tenant created before ``permission`` joined the trader role looks like."""
    connection = await asyncpg.connect(make_url(database_url).set(drivername="postgresql").render_as_string(False))
    try:
        await connection.execute(
            "UPDATE identity.roles SET permissions = array_remove(permissions, $1) WHERE tenant_id = $2 AND name = $3",
            permission,
            uuid.UUID(tenant_id),
            "trader",
        )
    finally:
        await connection.close()


async def test_roles_sync_brings_an_old_tenants_roles_to_the_catalogue(fresh_database: str) -> None:
    mandi("migrate", database_url=fresh_database)
    tenant_id = create_tenant(fresh_database)
    await take_from_trader(fresh_database, tenant_id, "trading.trade")

    synced = mandi("roles", "sync", "--tenant", tenant_id, database_url=fresh_database)

    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout) == {
        "tenants_checked": 1,
        "roles_created": [],
        "roles_updated": [
            {
                "tenant_id": tenant_id,
                "role": "trader",
                "added": ["trading.trade"],
                "removed": [],
                "description_changed": False,
            }
        ],
        "skipped": [],
    }
    again = mandi("roles", "sync", database_url=fresh_database)
    assert json.loads(again.stdout) == {**NO_ROLE_CHANGES, "tenants_checked": 1}


async def test_migrate_brings_system_roles_up_to_date(fresh_database: str) -> None:
    mandi("migrate", database_url=fresh_database)
    tenant_id = create_tenant(fresh_database)
    await take_from_trader(fresh_database, tenant_id, "trading.sign")

    migrated = mandi("migrate", database_url=fresh_database)

    assert migrated.returncode == 0, migrated.stderr
    roles = json.loads(migrated.stdout)["system_roles"]
    assert [(u["role"], u["added"]) for u in roles["roles_updated"]] == [("trader", ["trading.sign"])]


async def test_roles_sync_of_an_unknown_tenant_fails_clearly(fresh_database: str) -> None:
    mandi("migrate", database_url=fresh_database)
    missing = str(uuid.uuid4())

    result = mandi("roles", "sync", "--tenant", missing, database_url=fresh_database)

    assert result.returncode == 1
    assert f"No tenant {missing}" in result.stderr
    assert result.stdout == ""
