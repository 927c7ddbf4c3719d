"""HTTP benchmark: password logins (Argon2id), an authorized ``GET /api/v1/me`` and ``GET /health/live``.

Creates a throw-away database, migrates it and creates a tenant with its admin with the ``mandi``
CLI, starts ``mandi serve`` (uvicorn, uvloop + httptools, one worker) as a subprocess, then, against
that one server and one endpoint at a time: signs the admin in a fixed number of times, loads
``/api/v1/me`` with an access token and ``/health/live`` without one. Prints the figures and the
Argon2 parameters of the stored password hash, then stops the server and drops the database (also
on failure). The helpers come from ``bench/http_commodities.py``.

    .venv/bin/python bench/auth.py [--logins 200] [--login-concurrency 8] [--requests 2000]
        [--concurrency 32] [--warmup 200]
        [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--json]

Exit status: 0 all responses were 200; 1 some were not; 2 the benchmark could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import uvloop
from argon2 import PasswordHasher, extract_parameters
from http_commodities import (
    DEFAULT_ADMIN_URL,
    REPO_ROOT,
    REQUEST_TIMEOUT_SECONDS,
    BenchError,
    Result,
    Sample,
    bench_main,
    exit_status,
    fire,
    int_at_least,
    log,
    mandi_command,
    mandi_env,
    mandi_server,
    run_mandi,
    summarize,
    temporary_database,
    with_database,
)

SECRET_KEY = "mandi-bench-secret-key-not-for-production-0123456789"
# the production cost (backend/core/config.py defaults), forced so an inherited MANDI_ARGON2_* cannot lower it
ARGON2_ENV = {"MANDI_ARGON2_TIME_COST": "3", "MANDI_ARGON2_MEMORY_KIB": str(64 * 1024)}
TENANT = {"name": "Bench Traders", "country": "IN", "currency": "INR"}
USERNAME = "bench@mandi.example"
# a throw-away account in a throw-away database; the password policy refuses one containing the
# e-mail's local part ("Bench!Passw0rd#2026" would be), so this is the same length and kinds of character
PASSWORD = "Trade!Passw0rd#2026"
LOGIN_PATH = "/api/v1/auth/login"
ME_PATH = "/api/v1/me"
LIVE_PATH = "/health/live"
REFERENCE_VERIFIES = 7


@dataclass(frozen=True)
class Argon2Info:
    variant: str
    time_cost: int
    memory_kib: int
    parallelism: int
    # medians over REFERENCE_VERIFIES verifications of the stored hash in this process, before the server starts
    verify_ms: float
    verify_cpu_ms: float

    def describe(self) -> str:
        return f"{self.variant} t={self.time_cost} m={self.memory_kib} KiB p={self.parallelism}"


# ------------------------------------------------------------------ setup


def create_tenant(env: dict[str, str]) -> dict[str, str]:
    """``mandi tenants create`` for the bench tenant and admin; returns its JSON (tenant_id, admin_user_id)."""
    args = [
        *("tenants", "create", "--name", TENANT["name"], "--country", TENANT["country"]),
        *("--requests-per-minute", "1000000", "--burst", "100000"),  # measure the server, not the quota
        *("--currency", TENANT["currency"], "--admin-email", USERNAME, "--admin-password", PASSWORD),
    ]
    completed = subprocess.run(
        [*mandi_command(), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BenchError(f"mandi tenants create failed ({completed.returncode}):\n{completed.stderr}")
    try:
        created: dict[str, str] = json.loads(completed.stdout)
        log(f"mandi tenants create: tenant {created['tenant_id']}, admin {created['admin_user_id']}")
    except (ValueError, KeyError, TypeError) as error:
        raise BenchError(f"mandi tenants create printed no ids: {completed.stdout!r}") from error
    return created


async def stored_hash(database_url: str, user_id: str) -> str:
    connection = await asyncpg.connect(with_database(database_url, scheme="postgresql"))
    try:
        value = await connection.fetchval("SELECT password_hash FROM identity.users WHERE id = $1::uuid", user_id)
    finally:
        await connection.close()
    if not value:
        raise BenchError(f"user {user_id} has no password hash")
    return str(value)


def argon2_info(password_hash: str) -> Argon2Info:
    """The parameters encoded in the stored hash (those every login pays) and a local verification time."""
    try:
        parameters = extract_parameters(password_hash)
    except ValueError as error:
        raise BenchError(f"the stored password hash is not an Argon2 hash: {password_hash[:30]!r}") from error
    hasher = PasswordHasher.from_parameters(parameters)
    hasher.verify(password_hash, PASSWORD)  # unmeasured: the first one also maps the memory
    wall, cpu = [], []
    for _ in range(REFERENCE_VERIFIES):
        wall_started, cpu_started = time.perf_counter(), time.process_time()
        hasher.verify(password_hash, PASSWORD)
        wall.append(time.perf_counter() - wall_started)
        cpu.append(time.process_time() - cpu_started)
    return Argon2Info(
        variant=f"argon2{parameters.type.name.lower()}",
        time_cost=parameters.time_cost,
        memory_kib=parameters.memory_cost,
        parallelism=parameters.parallelism,
        verify_ms=statistics.median(wall) * 1000,
        verify_cpu_ms=statistics.median(cpu) * 1000,
    )


# ------------------------------------------------------------------ load


def token_of(response: httpx.Response) -> str | None:
    """The access token of a login response, or None unless it answered 200 with one (not an MFA step)."""
    if response.status_code != 200:
        return None
    try:
        token = response.json().get("access_token")
    except (ValueError, AttributeError):
        return None
    return token if isinstance(token, str) and token else None


async def sign_in(client: httpx.AsyncClient) -> str | None:
    """One password login; its access token, or None if it failed."""
    try:
        response = await client.post(LOGIN_PATH, json={"username": USERNAME, "password": PASSWORD})
    except httpx.HTTPError:
        return None
    return token_of(response)


async def access_token(client: httpx.AsyncClient) -> str:
    """A login that must succeed (else the bench cannot run), with the reason when it does not."""
    try:
        response = await client.post(LOGIN_PATH, json={"username": USERNAME, "password": PASSWORD})
    except httpx.HTTPError as error:
        raise BenchError(f"login failed: {error!r}") from error
    token = token_of(response)
    if token is None:
        raise BenchError(f"login answered {response.status_code}: {response.text[:500]}")
    return token


async def fire_logins(client: httpx.AsyncClient, logins: int, concurrency: int) -> Sample:
    """``logins`` password logins from ``concurrency`` workers sharing one counter."""
    latencies: list[float] = []
    failures = 0
    tickets = iter(range(logins))

    async def worker() -> None:
        nonlocal failures
        for _ in tickets:
            started = time.perf_counter()
            ok = await sign_in(client) is not None
            latencies.append(time.perf_counter() - started)
            failures += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Sample(latencies, failures, time.perf_counter() - started)


def client(base_url: str, concurrency: int, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS, headers=headers)


async def run_load(base_url: str, args: argparse.Namespace) -> tuple[list[Result], int]:
    """Logins, then ``/api/v1/me``, then ``/health/live``, one at a time; returns results, warm-up failures."""
    results: list[Result] = []
    warmup_failures = 0
    async with client(base_url, args.login_concurrency) as logins:
        await access_token(logins)  # checks the account signs in (and warms the path) before measuring
        log(f"{LOGIN_PATH}: {args.logins} measured logins at concurrency {args.login_concurrency}")
        sample = await fire_logins(logins, args.logins, args.login_concurrency)
        results.append(summarize("mandi", "login", sample, args.login_concurrency))
        token = await access_token(logins)  # a fresh one: access tokens live 15 minutes by default
    for endpoint, path, headers in (
        ("me", ME_PATH, {"Authorization": f"Bearer {token}"}),
        ("live", LIVE_PATH, None),
    ):
        async with client(base_url, args.concurrency, headers) as http:
            log(f"{path}: {args.warmup} warm-up, then {args.requests} measured requests")
            warmup_failures += (await fire(http, path, args.warmup, args.concurrency)).failures
            sample = await fire(http, path, args.requests, args.concurrency)
            results.append(summarize("mandi", endpoint, sample, args.concurrency))
    return results, warmup_failures


# ------------------------------------------------------------------ report


def ratios(results: list[Result]) -> dict[str, float]:
    by_endpoint = {r.endpoint: r for r in results}
    login, me, live = by_endpoint["login"], by_endpoint["me"], by_endpoint["live"]
    return {"me_live_rps": me.rps / live.rps, "logins_per_second": login.rps, "login_live_rps": login.rps / live.rps}


ROUTES = {"login": f"POST {LOGIN_PATH}", "me": f"GET {ME_PATH}", "live": f"GET {LIVE_PATH}"}

# title, alignment and width, number format
COLUMNS = (
    ("endpoint", "<23", ""),
    ("requests", ">8", ""),
    ("concurrency", ">11", ""),
    ("req/s", ">9", ".1f"),
    ("p50 ms", ">9", ".2f"),
    ("p99 ms", ">9", ".2f"),
    ("failures", ">8", ""),
)


def table_row(result: Result) -> str:
    values = (ROUTES[result.endpoint], result.requests, result.concurrency)
    values += (result.rps, result.p50_ms, result.p99_ms, result.failures)
    return " ".join(f"{value:{layout}{number}}" for value, (_, layout, number) in zip(values, COLUMNS, strict=True))


def print_table(results: list[Result], argon2: Argon2Info) -> None:
    header = " ".join(f"{title:{layout}}" for title, layout, _ in COLUMNS)
    print(header)
    print("-" * len(header))
    for r in results:
        print(table_row(r))
    print()
    print(f"password hash: {argon2.describe()} (stored hash of the bench admin; production cost)")
    print(
        f"argon2 verify in the bench process (median of {REFERENCE_VERIFIES}): {argon2.verify_ms:.1f} ms wall,"
        f" {argon2.verify_cpu_ms:.1f} ms CPU (= {1000 / argon2.verify_ms:.1f} verifies/s one at a time)"
    )
    ratio = ratios(results)
    print(f"me/live req/s = {ratio['me_live_rps']:.2f}")
    print(f"logins per second = {ratio['logins_per_second']:.1f} (login/live req/s = {ratio['login_live_rps']:.4f})")


def print_json(results: list[Result], argon2: Argon2Info, warmup_failures: int, args: argparse.Namespace) -> None:
    def rounded(values: dict[str, Any]) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in values.items()}

    document: dict[str, Any] = {
        "config": {
            "logins": args.logins,
            "login_concurrency": args.login_concurrency,
            "requests": args.requests,
            "concurrency": args.concurrency,
            "warmup": args.warmup,
        },
        "argon2": rounded(asdict(argon2)),
        "results": [
            rounded({"route": ROUTES[r.endpoint]} | {k: v for k, v in asdict(r).items() if k != "target"})
            for r in results
        ],
        "ratios": {k: round(v, 4) for k, v in ratios(results).items()},
        "warmup_failures": warmup_failures,
    }
    print(json.dumps(document, indent=2))


# ------------------------------------------------------------------ main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_url = os.environ.get("MANDI_BENCH_DATABASE_URL") or os.environ.get("MANDI_TEST_DATABASE_URL")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--logins", type=int_at_least(1), default=200, help="measured password logins")
    parser.add_argument("--login-concurrency", type=int_at_least(1), default=8, help="logins in flight")
    parser.add_argument("--requests", type=int_at_least(1), default=2000, help="measured requests per GET endpoint")
    parser.add_argument("--concurrency", type=int_at_least(1), default=32, help="GET requests in flight")
    parser.add_argument("--warmup", type=int_at_least(0), default=200, help="unmeasured GETs before each GET run")
    parser.add_argument(
        "--database-url",
        default=default_url or DEFAULT_ADMIN_URL,
        help="admin URL of the PostgreSQL server to create the bench database on "
        "(default: $MANDI_BENCH_DATABASE_URL, else $MANDI_TEST_DATABASE_URL, else %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> tuple[list[Result], Argon2Info, int]:
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(temporary_database(args.database_url))
        env = {**mandi_env(database_url), "MANDI_SECRET_KEY": SECRET_KEY, **ARGON2_ENV}
        run_mandi(["migrate"], env)
        created = create_tenant(env)
        argon2 = argon2_info(asyncio.run(stored_hash(database_url, created["admin_user_id"])))
        log(f"password hash: {argon2.describe()}, {argon2.verify_ms:.1f} ms to verify here")
        log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mandi-bench-")))
        base_url = stack.enter_context(mandi_server(env, log_dir))
        results, warmup_failures = uvloop.run(run_load(base_url, args))
        return results, argon2, warmup_failures


def report(args: argparse.Namespace, outcome: tuple[list[Result], Any, int]) -> int:
    results, argon2, warmup_failures = outcome
    if args.json:
        print_json(results, argon2, warmup_failures, args)
    else:
        print_table(results, argon2)
    return exit_status(results, warmup_failures)


def main(argv: list[str] | None = None) -> int:
    return bench_main(argv, parse_args, run, report)


if __name__ == "__main__":
    sys.exit(main())
