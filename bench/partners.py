"""Partner search benchmark: name prefix, PAN and GSTIN over 100,000 partners, with and without the search indexes.

Creates a throw-away database (``mandi migrate``), inserts one tenant, generates Indian trading houses
(valid PANs and GSTINs, a head office, some branches in other states, a spread of statuses) and a few
foreign ones, and COPYs them in as the database owner. Then, per phase, it searches through the
application's own path: ``SqlPartnersUnitOfWork(session_factory, DataScope(tenant))`` and
``uow.partners.search_summaries(PartnerFilter(limit=..., name_prefix=... | pan=... | gstin=...))`` (the
path the partner list of the API takes: the partners' own columns, no aggregates) on an engine
that switches to ``mandi_app``, so row-level security applies as in production; every search kind runs
its queries one at a time, then ``--concurrency`` at once. The first phase has the partners schema's
search indexes, the second runs the same queries after they are dropped. Prints p50/p99/mean per
search and phase, the without/with ratios and the plan (EXPLAIN ANALYZE, as ``mandi_app``) of one
query per kind and phase; drops the database at the end (also on failure).

    .venv/bin/python bench/partners.py [--partners 100000] [--queries 500] [--concurrency 8] [--warmup 50]
        [--limit 20] [--seed 6] [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--json]

Exit status: 0 every search found what it should, the same with and without the indexes; 1 some did
not; 2 the benchmark could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import asyncpg
import uvloop
from http_commodities import (
    DEFAULT_ADMIN_URL,
    BenchError,
    bench_main,
    exit_status,
    int_at_least,
    log,
    mandi_env,
    percentile,
    run_mandi,
    temporary_database,
    with_database,
)
from partner_data import COLUMNS, TABLES, Dataset, Generator
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.core.config import Settings
from backend.core.principal import DataScope
from backend.db.engine import create_engine, create_session_factory
from backend.modules.partners.application.ports import PartnerFilter, PartnerSummary
from backend.modules.partners.infrastructure.unit_of_work import SqlPartnersUnitOfWork

APP_ROLE = "mandi_app"
PHASES = ("with indexes", "without indexes")
# what 0001_partners adds for these searches; primary keys, unique and partner_id indexes stay
SEARCH_INDEXES = (
    *("ix_partners_tenant_id_legal_name_key", "ix_partners_tenant_id_trade_name_key", "ix_partners_pan"),
    *("ix_tax_registrations_number", "ix_locations_gstin"),
)


@dataclass(frozen=True)
class Query:
    search: str
    value: str
    holder: str | None = None  # for a PAN or GSTIN: the code of the partner holding it

    def filter(self, limit: int) -> PartnerFilter:
        if self.search == "name prefix":
            return PartnerFilter(limit=limit, name_prefix=self.value)
        if self.search == "pan":
            return PartnerFilter(limit=limit, pan=self.value)
        return PartnerFilter(limit=limit, gstin=self.value)

    def answered_by(self, found: list[PartnerSummary], limit: int) -> bool:
        """Whether ``found`` is a right answer (the partner the value came from is always there to find)."""
        if self.search == "name prefix":
            prefix = self.value.lower()
            names = [(p.legal_name.lower(), (p.trade_name or "").lower()) for p in found]
            return 0 < len(found) <= limit and all(n.startswith(prefix) or t.startswith(prefix) for n, t in names)
        return [p.code for p in found] == [self.holder]


def build_queries(data: Dataset, count: int, rng: random.Random) -> dict[str, list[Query]]:
    """The same values for both phases: typed name prefixes (3-6 characters), and PANs and GSTINs that exist."""
    if not data.branch_gstins:
        raise BenchError("no partner got a branch: load more partners")

    def prefix() -> str:
        legal, trade = rng.choice(data.names)
        return (trade if trade is not None and rng.random() < 0.2 else legal)[: rng.randint(3, 6)]

    pools = {"pan": data.pans, "gstin head office": data.head_office_gstins, "gstin branch": data.branch_gstins}
    queries = {"name prefix": [Query("name prefix", prefix()) for _ in range(count)]}
    return queries | {
        search: [Query(search, value, data.holders[value]) for value in (rng.choice(pool) for _ in range(count))]
        for search, pool in pools.items()
    }


@dataclass(frozen=True)
class Result:
    phase: str
    search: str
    concurrency: int
    queries: int
    rows: float  # partners found per search, on average
    qps: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    failures: int


@dataclass
class Run:
    latencies: list[float]  # in query order
    rows: list[int]
    failures: int = 0
    elapsed: float = 0.0

    def summary(self, phase: str, search: str, concurrency: int) -> Result:
        ordered, count = sorted(self.latencies), len(self.latencies)
        p50, p99, mean = percentile(ordered, 50), percentile(ordered, 99), statistics.fmean(ordered)
        qps, rows = count / self.elapsed, statistics.fmean(self.rows)
        return Result(phase, search, concurrency, count, rows, qps, p50 * 1000, p99 * 1000, mean * 1000, self.failures)


class Searcher:
    """Searches through the application's unit of work; checks each answer, and that it never changes."""

    def __init__(self, engine: AsyncEngine, scope: DataScope, limit: int, first: dict[Query, list[str]]) -> None:
        self.factory, self.scope, self.limit, self.first = create_session_factory(engine), scope, limit, first
        self.caught: list[tuple[str, Any]] | None = None  # statements sent, while explaining
        event.listen(engine.sync_engine, "before_cursor_execute", self._sent)

    def _sent(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if self.caught is not None:
            self.caught.append((statement, parameters))

    async def search(self, query: Query) -> tuple[float, int, bool]:
        started = time.perf_counter()
        try:
            async with SqlPartnersUnitOfWork(self.factory, self.scope) as uow:
                found = await uow.partners.search_summaries(query.filter(self.limit))
        except SQLAlchemyError as error:
            log(f"{query}: {error!r}")
            return time.perf_counter() - started, 0, False
        elapsed, codes = time.perf_counter() - started, [partner.code for partner in found]
        right = query.answered_by(found, self.limit) and self.first.setdefault(query, codes) == codes
        if not right:
            log(f"wrong answer to {query}: {codes}, the first time {self.first[query]}")
        return elapsed, len(codes), right

    async def run(self, queries: Sequence[Query], concurrency: int) -> Run:
        """Every query once, ``concurrency`` at a time."""
        run, tickets = Run([0.0] * len(queries), [0] * len(queries)), iter(enumerate(queries))

        async def worker() -> None:
            for index, query in tickets:
                run.latencies[index], run.rows[index], right = await self.search(query)
                run.failures += not right

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        run.elapsed = time.perf_counter() - started
        return run

    async def explain(self, query: Query, before: Sequence[Query]) -> list[str]:
        """EXPLAIN ANALYZE of the statement the repository sends for ``query``, in its role and scope, run the
        way the driver runs it: a prepared statement executed with ``before`` first. asyncpg prepares and caches
        every statement, and after five executions PostgreSQL may switch to a generic plan, blind to the values."""
        self.caught = []
        try:
            for each in (*before, query):
                await self.search(each)
            sent = [s for s in self.caught if "FROM partners.partners" in s[0]]
        finally:
            self.caught = None
        values = [", ".join("'{}'".format(str(v).replace("'", "''")) for v in parameters) for _, parameters in sent]
        async with SqlPartnersUnitOfWork(self.factory, self.scope) as uow:
            driver: Any = (await (await uow.session.connection()).get_raw_connection()).driver_connection
            await driver.execute(f"PREPARE bench_search AS {sent[0][0]}")
            try:
                for listed in values[:-1]:
                    await driver.execute(f"EXECUTE bench_search({listed})")
                rows = await driver.fetch(f"EXPLAIN (ANALYZE, FORMAT TEXT) EXECUTE bench_search({values[-1]})")
            finally:
                await driver.execute("DEALLOCATE bench_search")  # the connection goes back to the pool
        return [str(row[0]) for row in rows]


@dataclass(frozen=True)
class Plan:
    phase: str
    search: str
    value: str
    lines: list[str]


@dataclass
class Outcome:
    loaded: dict[str, int]
    load_seconds: float
    results: list[Result] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    warmup_failures: int = 0
    first: dict[Query, list[str]] = field(default_factory=dict)  # the codes found the first time
    explained: dict[str, Query] = field(default_factory=dict)  # per search, the same query in both phases


Queries = dict[str, list[Query]]


async def run_phase(
    phase: str, database_url: str, scope: DataScope, queries: Queries, args: argparse.Namespace, outcome: Outcome
) -> None:
    # a fresh engine per phase, so no pooled connection carries cached plans over; pool as large as the load
    pool = max(10, args.concurrency)
    settings = Settings(database_url=database_url, database_role=APP_ROLE, database_pool_size=pool)
    engine = create_engine(database_url, settings)
    try:
        searcher = Searcher(engine, scope, args.limit, outcome.first)
        for search, listed in queries.items():
            log(f"{phase}, {search}: {args.warmup} warm-up, {len(listed)} one at a time, {args.concurrency} at once")
            warmup = [listed[i % len(listed)] for i in range(args.warmup)]
            outcome.warmup_failures += (await searcher.run(warmup, args.concurrency)).failures
            for concurrency in dict.fromkeys((1, args.concurrency)):
                run = await searcher.run(listed, concurrency)
                outcome.results.append(run.summary(phase, search, concurrency))
                if concurrency == 1 and search not in outcome.explained:  # the plan behind the tail
                    ranked = sorted(range(len(listed)), key=run.latencies.__getitem__)
                    outcome.explained[search] = listed[ranked[math.ceil(0.99 * len(ranked)) - 1]]
            chosen = outcome.explained[search]
            before = [q for q in listed if q != chosen][:5]
            outcome.plans.append(Plan(phase, search, chosen.value, await searcher.explain(chosen, before)))
    finally:
        await engine.dispose()


# ------------------------------------------------------------------ setup


async def load(
    owner: asyncpg.Connection, args: argparse.Namespace, rng: random.Random
) -> tuple[DataScope, Queries, Outcome]:
    """The tenant and its partners, COPYed in as the owner (no row-level security), then VACUUM ANALYZE."""
    listed = await owner.fetch("SELECT indexname FROM pg_indexes WHERE schemaname = 'partners'")
    indexes = {row["indexname"] for row in listed}
    if missing := sorted(set(SEARCH_INDEXES) - indexes):
        raise BenchError(f"the partners migration no longer creates {', '.join(missing)}: update SEARCH_INDEXES")
    tenant_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    await owner.execute(
        "INSERT INTO identity.tenants (id, name, country, base_currency, time_zone, status, sub_user_limit, created_at,"
        " version) VALUES ($1, 'Bench Traders', 'IN', 'INR', 'Asia/Kolkata', 'active', 50, now(), 1)",
        tenant_id,
    )
    started = time.perf_counter()
    generator = Generator(tenant_id, rng)
    for _ in range(args.partners):
        generator.add_partner()
    data = generator.data
    log(f"generated {args.partners} partners in {time.perf_counter() - started:.1f}s")
    async with owner.transaction():
        for table in TABLES:
            rows, columns = data.rows[table], COLUMNS[table].split()
            await owner.copy_records_to_table(table, schema_name="partners", columns=columns, records=rows)
    # VACUUM as well: autovacuum would otherwise start on the new rows in the middle of the measurements
    await owner.execute(f"VACUUM (ANALYZE) {', '.join(f'partners.{table}' for table in TABLES)}")
    outcome = Outcome({table: len(rows) for table, rows in data.rows.items()}, time.perf_counter() - started)
    log(f"loaded {', '.join(f'{n} {table}' for table, n in outcome.loaded.items())} in {outcome.load_seconds:.1f}s")
    return DataScope(tenant_id), build_queries(data, args.queries, rng), outcome


async def measure(database_url: str, args: argparse.Namespace) -> Outcome:
    rng = random.Random(args.seed)
    owner = await asyncpg.connect(with_database(database_url, scheme="postgresql"))
    try:
        scope, queries, outcome = await load(owner, args, rng)
        await run_phase(PHASES[0], database_url, scope, queries, args, outcome)
        await owner.execute(f"DROP INDEX {', '.join(f'partners.{name}' for name in SEARCH_INDEXES)}")
        await owner.execute(f"ANALYZE {', '.join(f'partners.{table}' for table in TABLES)}")
        log(f"dropped {', '.join(SEARCH_INDEXES)}; analyzed")
        await run_phase(PHASES[1], database_url, scope, queries, args, outcome)
    finally:
        await owner.close()
    return outcome


def run(args: argparse.Namespace) -> Outcome:
    with temporary_database(args.database_url) as database_url:
        run_mandi(["migrate"], mandi_env(database_url))
        return uvloop.run(measure(database_url, args))


# ------------------------------------------------------------------ report


def pairs(results: list[Result]) -> list[tuple[Result, Result, float, float]]:
    """Per search and concurrency: with and without indexes, and the without/with p50 and p99 ratios."""
    without = {(r.search, r.concurrency): r for r in results if r.phase == PHASES[1]}
    out = []
    for r in (r for r in results if r.phase == PHASES[0]):
        other = without[(r.search, r.concurrency)]
        out.append((r, other, other.p50_ms / r.p50_ms, other.p99_ms / r.p99_ms))
    return out


def plan_nodes(lines: list[str]) -> list[str]:
    """The plan's nodes without cost estimates (conditions and filters are in ``--json``), then its times."""
    nodes = [
        x for i, x in enumerate(lines) if i == 0 or "->" in x or x.strip().startswith(("SubPlan", "Planning", "Exec"))
    ]
    return [re.sub(r"  \(cost=[^)]*\)", "", line).replace("->  ", "") for line in nodes]


def print_table(outcome: Outcome, args: argparse.Namespace) -> None:
    print(f"{args.partners} partners of one tenant ({', '.join(f'{n} {t}' for t, n in outcome.loaded.items())});")
    print(
        f"a search: SqlPartnersUnitOfWork as {APP_ROLE},"
        f" partners.search_summaries(PartnerFilter(limit={args.limit}, ...))"
    )
    print(f"\n{'':<29}|{'with indexes, ms':^36}|{'without indexes, ms':^36}| without/with |")
    cells = " {:>7} {:>7} {:>7} {:>8} |".format("p50", "p99", "mean", "q/s")
    header = f"{'search':<17} {'conc':>4} {'rows':>5} |{cells}{cells} {'p50':>5} {'p99':>6} | failures"
    print(f"{header}\n{'-' * len(header)}")
    for with_, without, p50, p99 in pairs(outcome.results):
        cells = "".join(
            f" {r.p50_ms:>7.2f} {r.p99_ms:>7.2f} {r.mean_ms:>7.2f} {r.qps:>8.1f} |" for r in (with_, without)
        )
        start = f"{with_.search:<17} {with_.concurrency:>4} {with_.rows:>5.1f} |"
        print(f"{start}{cells} {p50:>5.1f} {p99:>6.1f} | {with_.failures + without.failures:>8}")
    print(f"\n{args.queries} searches a row; rows: partners found a search. EXPLAIN (ANALYZE) as {APP_ROLE}, in the")
    print("tenant's scope, of the statement the repository sent for the query at the p99 rank of the first phase:")
    for plan in outcome.plans:
        generic = any("$1" in line for line in plan.lines)  # parameters left in: the plan is not for these values
        print(f"\n{plan.search} {plan.value!r}, {plan.phase}, {'generic' if generic else 'custom'} plan:")
        print("\n".join(f"    {line}" for line in plan_nodes(plan.lines)))


def print_json(outcome: Outcome, args: argparse.Namespace) -> None:
    config = ("partners", "queries", "concurrency", "warmup", "limit", "seed")
    results = [{k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(r).items()} for r in outcome.results]
    document: dict[str, Any] = {
        "config": {key: getattr(args, key) for key in config},
        "loaded": outcome.loaded,
        "load_seconds": round(outcome.load_seconds, 3),
        "results": results,
        "ratios_without_with": [
            {"search": w.search, "concurrency": w.concurrency, "p50": round(p50, 3), "p99": round(p99, 3)}
            for w, _, p50, p99 in pairs(outcome.results)
        ],
        "plans": [asdict(plan) for plan in outcome.plans],
        "warmup_failures": outcome.warmup_failures,
    }
    print(json.dumps(document, indent=2))


def report(args: argparse.Namespace, outcome: Outcome) -> int:
    (print_json if args.json else print_table)(outcome, args)
    return exit_status(outcome.results, outcome.warmup_failures)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_url = os.environ.get("MANDI_BENCH_DATABASE_URL") or os.environ.get("MANDI_TEST_DATABASE_URL")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partners", type=int_at_least(100), default=100_000, help="partners to load")
    parser.add_argument("--queries", type=int_at_least(1), default=500, help="measured searches per kind and run")
    parser.add_argument("--concurrency", type=int_at_least(1), default=8, help="searches in flight in the second run")
    parser.add_argument("--warmup", type=int_at_least(0), default=50, help="unmeasured searches per kind and phase")
    parser.add_argument("--limit", type=int_at_least(1), default=20, help="PartnerFilter.limit")
    parser.add_argument("--seed", type=int, default=6, help="seed of the generated partners and queries")
    parser.add_argument(
        "--database-url",
        default=default_url or DEFAULT_ADMIN_URL,
        help="admin URL of the server to create the bench database on (default: $MANDI_BENCH_DATABASE_URL, "
        "else $MANDI_TEST_DATABASE_URL, else %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return bench_main(argv, parse_args, run, report)


if __name__ == "__main__":
    sys.exit(main())
