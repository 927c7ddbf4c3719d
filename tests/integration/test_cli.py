"""The ``mandi`` command as an operator runs it: JSON on stdout, clear errors, non-zero exits."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest

from tests.conftest import create_database, drop_database


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
    assert json.loads(migrated.stdout) == {"migrated": "all"}

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
