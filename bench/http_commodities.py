"""HTTP benchmark: Mandi's commodity list and readiness against a bare Starlette + asyncpg baseline.

Creates a throw-away database, migrates and seeds it with the ``mandi`` CLI, starts ``mandi serve``
and ``bench/baseline_app.py`` (uvicorn, uvloop + httptools, one worker each) as subprocesses, loads
each endpoint with httpx from this process, prints the figures, then stops both servers and drops
the database (also on failure).

    .venv/bin/python bench/http_commodities.py [--requests 2000] [--concurrency 32] [--warmup 200]
        [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--json]

Exit status: 0 all responses were 200; 1 some were not; 2 the benchmark could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import uvloop

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
HOST = "127.0.0.1"
DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
REQUEST_TIMEOUT_SECONDS = 30.0

# endpoint label -> path on each target; both targets serve the same data per label
ENDPOINTS: dict[str, dict[str, str]] = {
    "commodities list": {"mandi": "/api/v1/commodities", "baseline": "/commodities"},
    "readiness": {"mandi": "/health/ready", "baseline": "/ready"},
}
LIVE_PATHS = {"mandi": "/health/live", "baseline": "/ready"}


class BenchError(Exception):
    """The benchmark could not run (setup, start-up or data mismatch)."""


@dataclass(frozen=True)
class Sample:
    latencies: list[float]
    failures: int
    elapsed: float


@dataclass(frozen=True)
class Result:
    target: str
    endpoint: str
    requests: int
    concurrency: int
    rps: float
    p50_ms: float
    p99_ms: float
    failures: int


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ database


def with_database(url: str, database: str | None = None, *, scheme: str) -> str:
    """``url`` with another scheme and, when given, another database name."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise BenchError(f"not a PostgreSQL URL: {url!r}")
    path = parts.path if database is None else f"/{database}"
    return urlunsplit(parts._replace(scheme=scheme, path=path))


async def execute(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def temporary_database(admin_url: str) -> Iterator[str]:
    """Create ``mandi_bench_<pid>`` next to ``admin_url``; yields its asyncpg URL, drops it on exit."""
    name = f"mandi_bench_{os.getpid()}"
    admin_dsn = with_database(admin_url, scheme="postgresql")
    try:
        asyncio.run(execute(admin_dsn, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as error:
        raise BenchError(f"cannot create database {name} via {admin_url}: {error}") from error
    log(f"created database {name}")
    try:
        yield with_database(admin_url, name, scheme="postgresql+asyncpg")
    finally:
        asyncio.run(execute(admin_dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        log(f"dropped database {name}")


# ------------------------------------------------------------------ processes


def mandi_command() -> list[str]:
    script = Path(sys.executable).with_name("mandi")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from backend.app.cli import main; main()"]


BENCH_SECRET = "mandi-bench-secret"
READER = {"email": "reader@bench.mandi.example", "password": "Trade!Passw0rd#2026"}


def mandi_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "MANDI_DATABASE_URL": database_url,
        "MANDI_LOG_LEVEL": "WARNING",
        "MANDI_SECRET_KEY": BENCH_SECRET,
    }


def access_token(base_url: str) -> str:
    """Mandi's API needs a token: the bench tenant's admin signs in once before the load starts."""
    response = httpx.post(
        f"{base_url}/api/v1/auth/login",
        json={"username": READER["email"], "password": READER["password"]},
        timeout=REQUEST_TIMEOUT_SECONDS,
    )
    if response.status_code != 200:
        raise BenchError(f"sign-in failed ({response.status_code}): {response.text[:300]}")
    return str(response.json()["access_token"])


def run_mandi(args: list[str], env: dict[str, str]) -> None:
    completed = subprocess.run(
        [*mandi_command(), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BenchError(f"mandi {' '.join(args)} failed ({completed.returncode}):\n{completed.stderr}")
    log(f"mandi {' '.join(args)}: {completed.stdout.strip()}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_until_live(name: str, process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{name} exited with status {process.returncode}:\n{tail(log_path)}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise BenchError(f"{name} did not answer {url} within {STARTUP_TIMEOUT_SECONDS:.0f}s:\n{tail(log_path)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running_server(name: str, command: list[str], env: dict[str, str], port: int, log_dir: Path) -> Iterator[str]:
    """Start ``command``, wait until it is live, yield its base URL; terminate (then kill) it on exit."""
    log_path = log_dir / f"{name}.log"
    with log_path.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://{HOST}:{port}"
    try:
        wait_until_live(name, process, base_url + LIVE_PATHS[name], log_path)
        log(f"{name} is live on {base_url} (pid {process.pid})")
        yield base_url
    finally:
        stop(process)


def mandi_server(env: dict[str, str], log_dir: Path) -> contextlib.AbstractContextManager[str]:
    port = free_port()
    command = [*mandi_command(), "serve", "--host", HOST, "--port", str(port)]
    return running_server("mandi", command, env, port, log_dir)


def baseline_server(database_url: str, log_dir: Path) -> contextlib.AbstractContextManager[str]:
    port = free_port()
    command = [
        *(sys.executable, "-m", "uvicorn", "baseline_app:app", "--app-dir", str(BENCH_DIR)),
        *("--host", HOST, "--port", str(port), "--workers", "1"),
        *("--loop", "uvloop", "--http", "httptools", "--log-level", "warning"),
    ]
    env = {**os.environ, "BENCH_BASELINE_DSN": with_database(database_url, scheme="postgresql")}
    return running_server("baseline", command, env, port, log_dir)


# ------------------------------------------------------------------ load


async def fire(client: httpx.AsyncClient, path: str, requests: int, concurrency: int) -> Sample:
    """``requests`` GETs of ``path`` from ``concurrency`` workers sharing one counter."""
    latencies: list[float] = []
    failures = 0
    tickets = iter(range(requests))

    async def worker() -> None:
        nonlocal failures
        for _ in tickets:
            started = time.perf_counter()
            try:
                ok = (await client.get(path)).status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - started)
            failures += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Sample(latencies, failures, time.perf_counter() - started)


def percentile(ordered: list[float], percent: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(target: str, endpoint: str, sample: Sample, concurrency: int) -> Result:
    ordered = sorted(sample.latencies)
    return Result(
        target=target,
        endpoint=endpoint,
        requests=len(ordered),
        concurrency=concurrency,
        rps=len(ordered) / sample.elapsed,
        p50_ms=percentile(ordered, 50) * 1000,
        p99_ms=percentile(ordered, 99) * 1000,
        failures=sample.failures,
    )


async def check_same_data(clients: dict[str, httpx.AsyncClient]) -> None:
    """Both targets must return 200 and the same commodity page, else the comparison means nothing."""
    bodies = {}
    for name, client in clients.items():
        response = await client.get(ENDPOINTS["commodities list"][name])
        if response.status_code != 200:
            raise BenchError(f"{name} commodities list answered {response.status_code}: {response.text[:500]}")
        bodies[name] = response.json()
    if bodies["mandi"] != bodies["baseline"]:
        mandi, baseline = (json.dumps(bodies[name], sort_keys=True) for name in ("mandi", "baseline"))
        raise BenchError(f"baseline data differs from Mandi's:\nmandi:    {mandi}\nbaseline: {baseline}")
    if not bodies["mandi"]["items"]:
        raise BenchError("no commodities: did 'mandi seed' run?")
    log(f"both targets serve the same {len(bodies['mandi']['items'])} commodities")


async def run_load(targets: dict[str, str], args: argparse.Namespace) -> tuple[list[Result], int]:
    """Warm up and measure every endpoint on every target, one at a time; returns results, warm-up failures."""
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    results: list[Result] = []
    warmup_failures = 0
    async with contextlib.AsyncExitStack() as stack:
        headers = {"mandi": {"Authorization": f"Bearer {access_token(targets['mandi'])}"}, "baseline": {}}
        clients = {
            name: await stack.enter_async_context(
                httpx.AsyncClient(base_url=url, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS, headers=headers[name])
            )
            for name, url in targets.items()
        }
        await check_same_data(clients)
        for endpoint, paths in ENDPOINTS.items():
            for name, client in clients.items():
                log(f"{name} {paths[name]}: {args.warmup} warm-up, then {args.requests} measured requests")
                warmup_failures += (await fire(client, paths[name], args.warmup, args.concurrency)).failures
                sample = await fire(client, paths[name], args.requests, args.concurrency)
                results.append(summarize(name, endpoint, sample, args.concurrency))
    return results, warmup_failures


# ------------------------------------------------------------------ report


def ratios(results: list[Result]) -> dict[str, dict[str, float]]:
    """Per endpoint: mandi/baseline throughput and mandi/baseline p99 latency."""
    by_key = {(r.target, r.endpoint): r for r in results}
    out = {}
    for endpoint in ENDPOINTS:
        mandi, baseline = by_key[("mandi", endpoint)], by_key[("baseline", endpoint)]
        out[endpoint] = {"rps_ratio": mandi.rps / baseline.rps, "p99_ratio": mandi.p99_ms / baseline.p99_ms}
    return out


# title, alignment and width, number format
COLUMNS = (
    ("target", "<9", ""),
    ("endpoint", "<17", ""),
    ("requests", ">8", ""),
    ("concurrency", ">11", ""),
    ("req/s", ">9", ".1f"),
    ("p50 ms", ">8", ".2f"),
    ("p99 ms", ">8", ".2f"),
    ("failures", ">8", ""),
)


def table_header() -> str:
    return " ".join(f"{title:{layout}}" for title, layout, _ in COLUMNS)


def table_row(result: Result) -> str:
    values = (result.target, result.endpoint, result.requests, result.concurrency)
    values += (result.rps, result.p50_ms, result.p99_ms, result.failures)
    return " ".join(f"{value:{layout}{number}}" for value, (_, layout, number) in zip(values, COLUMNS, strict=True))


def print_table(results: list[Result]) -> None:
    header = table_header()
    print(header)
    print("-" * len(header))
    for r in results:
        print(table_row(r))
    print()
    for endpoint, ratio in ratios(results).items():
        print(f"{endpoint}: mandi/baseline req/s = {ratio['rps_ratio']:.2f}, p99 ratio = {ratio['p99_ratio']:.2f}")


def print_json(results: list[Result], warmup_failures: int, args: argparse.Namespace) -> None:
    document: dict[str, Any] = {
        "config": {"requests": args.requests, "concurrency": args.concurrency, "warmup": args.warmup},
        "results": [{k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(r).items()} for r in results],
        "ratios": {e: {k: round(v, 3) for k, v in r.items()} for e, r in ratios(results).items()},
        "warmup_failures": warmup_failures,
    }
    print(json.dumps(document, indent=2))


# ------------------------------------------------------------------ main


def int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


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
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> tuple[list[Result], int]:
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(temporary_database(args.database_url))
        env = mandi_env(database_url)
        run_mandi(["migrate"], env)
        run_mandi(["seed"], env)
        tenant = ["tenants", "create", "--name", "Bench Readers", "--country", "IN", "--currency", "INR"]
        tenant += ["--requests-per-minute", "1000000", "--burst", "100000"]  # measure the server, not the quota
        run_mandi([*tenant, "--admin-email", READER["email"], "--admin-password", READER["password"]], env)
        log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mandi-bench-")))
        targets = {
            "mandi": stack.enter_context(mandi_server(env, log_dir)),
            "baseline": stack.enter_context(baseline_server(database_url, log_dir)),
        }
        return uvloop.run(run_load(targets, args))


def exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds the context managers: servers stopped, database dropped


Outcome = TypeVar("Outcome")


class Counted(Protocol):
    @property
    def failures(self) -> int: ...


def bench_main(
    argv: list[str] | None,
    parse: Callable[[list[str] | None], argparse.Namespace],
    measure: Callable[[argparse.Namespace], Outcome],
    report: Callable[[argparse.Namespace, Outcome], int],
) -> int:
    """The frame every bench shares: arguments, SIGTERM clean-up, exit 2 when it cannot run."""
    args = parse(argv)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        outcome = measure(args)
    except BenchError as error:
        log(f"error: {error}")
        return 2
    return report(args, outcome)


def exit_status(results: Sequence[Counted], warmup_failures: int) -> int:
    """1 when any request (warm-up included) got an unexpected answer, else 0."""
    if warmup_failures:
        log(f"{warmup_failures} warm-up responses had an unexpected status")
    return 1 if warmup_failures or any(r.failures for r in results) else 0


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
