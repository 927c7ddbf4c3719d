"""Cache benchmark: commodity GETs per second with the cache off, in process and in Redis, in one run.

Creates a throw-away database (``mandi migrate``, ``mandi seed``, a bench tenant), starts a private
``redis-server`` on a free port (or uses ``--redis-url``), then for each cache backend in turn starts
``mandi serve`` with ``MANDI_CACHE_BACKEND=none|memory|redis`` (``MANDI_REDIS_URL`` set in all three, so
only the cache differs), loads each endpoint with httpx from this process and counts the Redis round
trips per request from the server's ``INFO stats`` (``total_reads_processed``: one read event per
request the server gets on a kept-alive connection) and ``INFO commandstats``. Stops everything and
drops the database at the end (also on failure).

    .venv/bin/python bench/cache.py [--requests 2000] [--concurrency 32] [--warmup 200]
        [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--redis-url URL] [--json]

Exit status: 0 every response had the expected status; 1 some did not; 2 the benchmark could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import uvloop
from http_commodities import (
    DEFAULT_ADMIN_URL,
    HOST,
    READER,
    REPO_ROOT,
    REQUEST_TIMEOUT_SECONDS,
    BenchError,
    Sample,
    access_token,
    bench_main,
    exit_status,
    free_port,
    int_at_least,
    log,
    mandi_command,
    mandi_env,
    mandi_server,
    percentile,
    run_mandi,
    temporary_database,
)
from redis.asyncio import Redis
from redis.exceptions import RedisError

BACKENDS = ("none", "memory", "redis")
OPERATOR = {"email": "operator@bench.mandi.example", "password": "Operat0r!Passw0rd#2026"}
# the default tenant quota (1200 requests a minute) would answer most of the load with 429s
UNLIMITED = {"requests_per_minute": 1_000_000, "burst": 100_000}
LIST = "/api/v1/commodities"
# endpoint label -> (path, or None for one commodity's path; sends the list's ETag; expected status)
ENDPOINTS: dict[str, tuple[str | None, bool, int]] = {
    "list": (LIST, False, 200),
    "get one": (None, False, 200),
    "list, 304": (LIST, True, 304),
}


@dataclass(frozen=True)
class Result:
    cache: str
    endpoint: str
    requests: int
    concurrency: int
    rps: float
    p50_ms: float
    p99_ms: float
    failures: int
    redis_round_trips: float  # per request, measured at the Redis server
    redis_commands: dict[str, float]  # per request, by command (commands run inside scripts included)


# ------------------------------------------------------------------ redis


@contextlib.contextmanager
def private_redis() -> Iterator[str]:
    """A redis-server of this run only: its counters see nothing but the bench's server."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise BenchError("redis-server is not installed (or pass --redis-url)")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://{HOST}:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not asyncio.run(redis_answers(url)):
            if time.monotonic() > deadline or process.poll() is not None:
                raise BenchError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        log(f"private redis-server on {url} (pid {process.pid})")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def redis_answers(url: str) -> bool:
    client = Redis.from_url(url)
    try:
        return bool(await client.ping())
    except (OSError, RedisError):
        return False  # not up yet
    finally:
        await client.aclose()


@dataclass(frozen=True)
class RedisCounters:
    reads: int
    commands: dict[str, int]


async def redis_counters(client: Redis) -> RedisCounters:
    stats = await client.info("stats")
    commandstats = await client.info("commandstats")
    commands = {name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in commandstats.items()}
    return RedisCounters(int(stats["total_reads_processed"]), commands)


def per_request(before: RedisCounters, after: RedisCounters, requests: int) -> tuple[float, dict[str, float]]:
    # the second snapshot's own INFO calls (one read, two info commands) are not the server's
    reads = after.reads - before.reads - 1
    commands = {
        name: (calls - before.commands.get(name, 0) - (2 if name == "info" else 0)) / requests
        for name, calls in after.commands.items()
    }
    return reads / requests, {name: round(value, 3) for name, value in commands.items() if value > 0}


# ------------------------------------------------------------------ load


async def fire(client: httpx.AsyncClient, path: str, requests: int, concurrency: int, expected: int) -> Sample:
    """``requests`` GETs of ``path`` from ``concurrency`` workers; anything but ``expected`` fails."""
    latencies: list[float] = []
    failures = 0
    tickets = iter(range(requests))

    async def worker() -> None:
        nonlocal failures
        for _ in tickets:
            started = time.perf_counter()
            try:
                ok = (await client.get(path)).status_code == expected
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - started)
            failures += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Sample(latencies, failures, time.perf_counter() - started)


def mandi_json(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    completed = subprocess.run(
        [*mandi_command(), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BenchError(f"mandi {' '.join(args[:2])} failed ({completed.returncode}):\n{completed.stderr}")
    answer: dict[str, Any] = json.loads(completed.stdout)
    return answer


def lift_quota(base_url: str, tenant_id: str) -> None:
    signed_in = httpx.post(
        f"{base_url}/api/v1/auth/login",
        json={"username": OPERATOR["email"], "password": OPERATOR["password"]},
        timeout=REQUEST_TIMEOUT_SECONDS,
    )
    if signed_in.status_code != 200:
        raise BenchError(f"operator sign-in failed ({signed_in.status_code}): {signed_in.text[:300]}")
    changed = httpx.patch(
        f"{base_url}/api/v1/tenants/{tenant_id}",
        json=UNLIMITED,
        headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"},
        timeout=REQUEST_TIMEOUT_SECONDS,
    )
    if changed.status_code != 200:
        raise BenchError(f"lifting the bench tenant's quota failed ({changed.status_code}): {changed.text[:300]}")


async def load_backend(cache: str, base_url: str, redis: Redis, args: argparse.Namespace) -> tuple[list[Result], int]:
    """Every endpoint against one server; returns the results and the warm-up failures."""
    token = access_token(base_url)
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    results, warmup_failures = [], 0
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS, headers=headers
    ) as client:
        listed = await client.get(LIST)
        if listed.status_code != 200 or not listed.json()["items"]:
            raise BenchError(f"{cache}: the commodity list answered {listed.status_code}: {listed.text[:300]}")
        one = f"{LIST}/{listed.json()['items'][0]['id']}"
        for endpoint, (path, conditional, expected) in ENDPOINTS.items():
            target = path or one
            client.headers.pop("If-None-Match", None)
            if conditional:
                client.headers["If-None-Match"] = listed.headers["etag"]
            log(f"cache={cache} {endpoint}: {args.warmup} warm-up, then {args.requests} measured requests")
            warmup_failures += (await fire(client, target, args.warmup, args.concurrency, expected)).failures
            before = await redis_counters(redis)
            sample = await fire(client, target, args.requests, args.concurrency, expected)
            after = await redis_counters(redis)
            round_trips, commands = per_request(before, after, args.requests)
            results.append(summarize(cache, endpoint, sample, args.concurrency, round_trips, commands))
    return results, warmup_failures


def summarize(
    cache: str, endpoint: str, sample: Sample, concurrency: int, round_trips: float, commands: dict[str, float]
) -> Result:
    ordered = sorted(sample.latencies)
    return Result(
        cache=cache,
        endpoint=endpoint,
        requests=len(ordered),
        concurrency=concurrency,
        rps=len(ordered) / sample.elapsed,
        p50_ms=percentile(ordered, 50) * 1000,
        p99_ms=percentile(ordered, 99) * 1000,
        failures=sample.failures,
        redis_round_trips=round_trips,
        redis_commands=commands,
    )


# ------------------------------------------------------------------ report


def ratios(results: list[Result]) -> dict[str, dict[str, float]]:
    """Per endpoint: req/s of each cache backend over req/s with the cache off."""
    by_key = {(r.cache, r.endpoint): r for r in results}
    return {
        endpoint: {cache: by_key[(cache, endpoint)].rps / by_key[("none", endpoint)].rps for cache in BACKENDS[1:]}
        for endpoint in ENDPOINTS
    }


COLUMNS = (
    ("cache", "<7", ""),
    ("endpoint", "<10", ""),
    ("requests", ">8", ""),
    ("concurrency", ">11", ""),
    ("req/s", ">9", ".1f"),
    ("p50 ms", ">8", ".2f"),
    ("p99 ms", ">8", ".2f"),
    ("failures", ">8", ""),
    ("redis rt/req", ">12", ".2f"),
)


def print_table(results: list[Result]) -> None:
    header = " ".join(f"{title:{layout}}" for title, layout, _ in COLUMNS)
    print(header)
    print("-" * len(header))
    for r in results:
        values = (r.cache, r.endpoint, r.requests, r.concurrency, r.rps, r.p50_ms, r.p99_ms, r.failures)
        values += (r.redis_round_trips,)
        print(" ".join(f"{v:{layout}{fmt}}" for v, (_, layout, fmt) in zip(values, COLUMNS, strict=True)))
    print()
    for endpoint, ratio in ratios(results).items():
        print(f"{endpoint}: req/s memory/off = {ratio['memory']:.2f}, redis/off = {ratio['redis']:.2f}")
    print()
    for r in results:
        commands = ", ".join(f"{name} {calls:g}" for name, calls in sorted(r.redis_commands.items()))
        print(f"redis commands per request, cache={r.cache} {r.endpoint}: {commands or '-'}")


def print_json(results: list[Result], warmup_failures: int, args: argparse.Namespace) -> None:
    document: dict[str, Any] = {
        "config": {"requests": args.requests, "concurrency": args.concurrency, "warmup": args.warmup},
        "results": [{k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(r).items()} for r in results],
        "ratios": {e: {k: round(v, 3) for k, v in r.items()} for e, r in ratios(results).items()},
        "warmup_failures": warmup_failures,
    }
    print(json.dumps(document, indent=2))


# ------------------------------------------------------------------ main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_url = os.environ.get("MANDI_BENCH_DATABASE_URL") or os.environ.get("MANDI_TEST_DATABASE_URL")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int_at_least(1), default=2000, help="measured requests per endpoint")
    parser.add_argument("--concurrency", type=int_at_least(1), default=32, help="requests in flight")
    parser.add_argument("--warmup", type=int_at_least(0), default=200, help="unmeasured requests before each run")
    parser.add_argument(
        "--database-url",
        default=default_url or DEFAULT_ADMIN_URL,
        help="admin URL of the PostgreSQL server to create the bench database on "
        "(default: $MANDI_BENCH_DATABASE_URL, else $MANDI_TEST_DATABASE_URL, else %(default)s)",
    )
    parser.add_argument(
        "--redis-url",
        default=None,
        help="use this Redis instead of a private redis-server (its counters then count its other clients too)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> tuple[list[Result], int]:
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(temporary_database(args.database_url))
        redis_url = args.redis_url or stack.enter_context(private_redis())
        base_env = mandi_env(database_url)
        run_mandi(["migrate"], base_env)
        run_mandi(["seed"], base_env)
        tenant = ["tenants", "create", "--name", "Bench Readers", "--country", "IN", "--currency", "INR"]
        tenant += ["--admin-email", READER["email"], "--admin-password", READER["password"]]
        tenant_id = str(mandi_json(tenant, base_env)["tenant_id"])
        run_mandi(["admin", "create", "--email", OPERATOR["email"], "--password", OPERATOR["password"]], base_env)
        log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mandi-bench-")))
        prefix = f"mandi-bench-{os.getpid()}"
        results: list[Result] = []
        warmup_failures = 0
        for cache in BACKENDS:
            env = {**base_env, "MANDI_CACHE_BACKEND": cache, "MANDI_REDIS_URL": redis_url, "MANDI_CACHE_PREFIX": prefix}
            with mandi_server(env, log_dir) as base_url:
                lift_quota(base_url, tenant_id)
                measured, failed = uvloop.run(measure(cache, base_url, redis_url, args))
            results += measured
            warmup_failures += failed
        return results, warmup_failures


async def measure(cache: str, base_url: str, redis_url: str, args: argparse.Namespace) -> tuple[list[Result], int]:
    redis = Redis.from_url(redis_url)
    try:
        return await load_backend(cache, base_url, redis, args)
    finally:
        await redis.aclose()


def report(args: argparse.Namespace, outcome: tuple[list[Result], int]) -> int:
    results, warmup_failures = outcome
    if args.json:
        print_json(results, warmup_failures, args)
    else:
        print_table(results)
    return exit_status(results, warmup_failures)


def main(argv: list[str] | None = None) -> int:
    return bench_main(argv, parse_args, run, report)


if __name__ == "__main__":
    sys.exit(main())
