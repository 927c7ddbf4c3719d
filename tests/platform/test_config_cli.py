"""``mandi config get|set|unset|list`` as an operator runs them, and a bad setting named, not a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.conftest import create_database, drop_database

KEY = "platform.maintenance_message"


def mandi(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "MANDI_DATABASE_URL": database_url,
        "MANDI_LOG_LEVEL": "WARNING",
        "MANDI_SECRET_KEY": "test",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", "from backend.app.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
async def database(server_url: str) -> AsyncIterator[str]:
    url = await create_database(server_url, prefix="mandi_config_cli")
    assert mandi("migrate", database_url=url).returncode == 0
    yield url
    await drop_database(url)


async def test_set_get_list_and_unset(database: str) -> None:
    tenant, branch = str(uuid.uuid4()), str(uuid.uuid4())
    assert ok(mandi("config", "get", KEY, database_url=database))["source"] == "default"

    platform = ok(mandi("config", "set", KEY, '"upgrade on Sunday"', database_url=database))
    assert (platform["value"], platform["scope"], platform["version"]) == ("upgrade on Sunday", "platform", 1)
    ok(mandi("config", "set", KEY, '"tenant notice"', "--tenant", tenant, database_url=database))
    ok(mandi("config", "set", KEY, "null", "--tenant", tenant, "--branch", branch, database_url=database))

    at_branch = ok(mandi("config", "get", KEY, "--tenant", tenant, "--branch", branch, database_url=database))
    assert (at_branch["value"], at_branch["source"]) == (None, "branch")
    assert [v["scope"] for v in at_branch["values"]] == ["platform", "tenant", "branch"]
    at_tenant = ok(mandi("config", "get", KEY, "--tenant", tenant, database_url=database))
    assert (at_tenant["value"], at_tenant["source"], at_tenant["version"]) == ("tenant notice", "tenant", 1)

    listed = ok(mandi("config", "list", "--tenant", tenant, database_url=database))
    item = next(i for i in listed["items"] if i["key"] == KEY)
    assert (item["value"], item["source"]) == ("tenant notice", "tenant")
    assert any(i["key"] == "feature.trading" and i["enabled"] is False for i in listed["items"])

    flag = json.dumps({"enabled": True, "allow_tenants": [tenant], "percentage": 0})
    ok(mandi("config", "set", "feature.trading", flag, database_url=database))
    listed = ok(mandi("config", "list", "--tenant", tenant, database_url=database))
    assert next(i for i in listed["items"] if i["key"] == "feature.trading")["enabled"] is True

    cleared = ok(mandi("config", "unset", KEY, "--tenant", tenant, database_url=database))
    assert (cleared["value"], cleared["source"]) == ("upgrade on Sunday", "platform")
    changed = ok(mandi("config", "set", KEY, '"later"', "--if-version", "1", database_url=database))
    assert changed["version"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", KEY, "not json"], "VALUE is not JSON"),
        (["set", KEY, "42"], f"{KEY}: value: 42 is not of type 'string', 'null'"),
        (["set", "feature.trading", '{"enabled": "yes"}'], "feature.trading: value.enabled: 'yes' is not of type"),
        (["get", "nobody.declared"], "No configuration key 'nobody.declared'"),
        (["set", "nobody.declared", "1"], "No configuration key 'nobody.declared'"),
        (["get", KEY, "--tenant", "acme"], "--tenant 'acme' is not a UUID"),
        (["get", KEY, "--branch", str(uuid.uuid4())], "--branch needs --tenant"),
        (["set", KEY, '"x"', "--if-version", "99"], "is at version"),
        (["unset", KEY, "--tenant", str(uuid.uuid4())], "has no value set at tenant"),
        (["set", "feature.trading", '{"enabled": true}', "--tenant", str(uuid.uuid4())], "can be set at platform"),
    ],
)
async def test_bad_input_exits_1_with_a_clear_message(database: str, args: list[str], message: str) -> None:
    result = mandi("config", *args, database_url=database)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert result.stderr.startswith("mandi: ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(("value", "reason"), [("abc", "valid integer"), ("0", "greater than or equal to 1")])
async def test_a_bad_setting_is_named_not_a_traceback(database: str, value: str, reason: str) -> None:
    result = mandi("config", "list", database_url=database, MANDI_DATABASE_POOL_SIZE=value)
    assert result.returncode == 1
    assert result.stderr.startswith("mandi: invalid setting MANDI_DATABASE_POOL_SIZE: ")
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
