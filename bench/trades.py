"""Trade benchmark: accepted trades per second with concurrent negotiations.

Creates a throw-away database, migrates it, and builds the application's own ``Container``
(``backend.app.bootstrap.build_container``; the engine switches to ``mandi_app``, so row-level security
applies as in production). Set-up goes through the API in-process (httpx over ASGI, as the tenant's
admin): one tenant, cotton per scenario, seller and buyer partners approved (the approval by a second
staff member through the use case, maker-checker) with capabilities overridden, and risk told their
credit limits (the outbox relay drained). Then, per scenario, ``--concurrency`` negotiations run at
once through trading's use cases in-process, each: start (buyer), offer (seller), counter (buyer),
accept (seller) -- the accept books the trade, sells the availability's quantity under a row lock,
asks the partners and risk facades (credit, circular trading, party links) and takes the gap-free
trade number. Scenarios:

- ``spread``: as many availabilities as negotiations, 1,000 bales each; each buyer takes one of its
  matches, so accepts share a few availabilities but stock never runs out (expected 409s: 0);
- ``race``: ``--race-availabilities`` availabilities of 60 bales, every buyer wants 20: only three
  per availability can win, the others get 409 ``insufficient-quantity``.

Prints accepted trades per second (over the whole concurrent phase: start to the last accept), p50/p99
of the accept call, and the 409s by code; then checks, as the database owner, that every availability
has available + reserved + sold = total, sold equals its trades, and trade numbers run 1..n per tenant.

    .venv/bin/python bench/trades.py [--concurrency 8 32] [--warmup 8] [--race-concurrency 32] [--race-availabilities 2]
        [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres] [--json]

Exit status: 0 invariants hold and every failure is an expected 409; 1 otherwise; 2 could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import asyncpg
import httpx
from http_commodities import BenchError, bench_main, log, percentile, temporary_database, with_database
from trade_setup import Market, Setup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.app.bootstrap import Container, build_container
from backend.core.config import Settings
from backend.core.errors import Conflict, MandiError
from backend.core.principal import Grant, Principal, UserKind
from backend.db import migrate
from backend.modules.trading.application.commands.accept_offer import AcceptOffer, accept_offer
from backend.modules.trading.application.commands.make_offer import MakeOffer, make_offer
from backend.modules.trading.application.commands.start_negotiation import StartNegotiation, start_negotiation
from backend.modules.trading.application.context import TradingContext

BALE = "BALE"


@dataclass
class Result:
    scenario: str
    concurrency: int
    availabilities: int
    accepted: int
    seconds: float
    trades_per_second: float
    accept_p50_ms: float
    accept_p99_ms: float
    conflicts: dict[str, int]
    unexpected: list[str] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return len(self.unexpected)


@dataclass
class Outcome:
    accepted: bool = False
    accept_ms: float | None = None
    conflict: str | None = None
    unexpected: str | None = None


async def negotiate(ctx: TradingContext, staff: Principal, token: str, buyer: uuid.UUID) -> Outcome:
    """Start, offer, counter, accept; a 409 anywhere is the race's answer, anything else unexpected."""
    outcome = Outcome()
    try:
        negotiation = await start_negotiation(StartNegotiation(token, buyer), staff, ctx)
        seller = negotiation.seller.partner_id  # revealed once the negotiation starts
        offered = await make_offer(
            MakeOffer(negotiation.id, Decimal(60000), Decimal(20), BALE, acting_for_partner_id=seller), staff, ctx
        )
        countered = await make_offer(
            MakeOffer(offered.id, Decimal(59500), Decimal(20), BALE, acting_for_partner_id=buyer), staff, ctx
        )
        started = time.perf_counter()
        try:
            command = AcceptOffer(countered.id, countered.offers[-1].id, acting_for_partner_id=seller)
            await accept_offer(command, staff, ctx)
            outcome.accepted = True
        finally:
            outcome.accept_ms = (time.perf_counter() - started) * 1000
    except Conflict as error:
        outcome.conflict = error.code
    except MandiError as error:
        outcome.unexpected = f"{type(error).__name__}: {error}"
    return outcome


async def run_scenario(
    container: Container, setup: Setup, scenario: str, concurrency: int, availabilities: int, bales: int
) -> Result:
    market: Market = await setup.market(scenario, concurrency, availabilities, bales)
    # a trading desk: negotiates and reads in every branch and commodity
    grants = dict.fromkeys(("trading.read", "trading.negotiate"), (Grant(),))
    staff = Principal(uuid.uuid4(), UserKind.INTERNAL, setup.tenant_id, grants=grants)
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(negotiate(container.trading, staff, token, buyer) for token, buyer in market.deals)
    )
    seconds = time.perf_counter() - started
    await container.relay.drain()  # risk books the exposures before the next scenario
    accepted = [o for o in outcomes if o.accepted]
    latencies = [o.accept_ms for o in outcomes if o.accept_ms is not None]
    return Result(
        scenario=scenario,
        concurrency=concurrency,
        availabilities=availabilities,
        accepted=len(accepted),
        seconds=seconds,
        trades_per_second=len(accepted) / seconds,
        accept_p50_ms=statistics.median(latencies) if latencies else 0.0,
        accept_p99_ms=percentile(sorted(latencies), 99) if latencies else 0.0,
        conflicts=dict(Counter(o.conflict for o in outcomes if o.conflict)),
        unexpected=[o.unexpected for o in outcomes if o.unexpected],
    )


async def invariants(owner_dsn: str, tenant_id: uuid.UUID) -> list[str]:
    """What must hold after every scenario, read as the owner (no row-level security)."""
    connection = await asyncpg.connect(owner_dsn)
    try:
        broken = await connection.fetch(
            """
            SELECT a.id, a.available, a.reserved, a.sold, a.total, coalesce(sum(t.quantity), 0) AS traded
              FROM trading.availabilities a LEFT JOIN trading.trades t ON t.availability_id = a.id
             WHERE a.tenant_id = $1
             GROUP BY a.id
            HAVING a.available + a.reserved + a.sold <> a.total OR a.sold <> coalesce(sum(t.quantity), 0)
                OR a.available < 0 OR a.reserved < 0 OR a.sold < 0
            """,
            tenant_id,
        )
        numbers = await connection.fetch(
            "SELECT number FROM trading.trades WHERE tenant_id = $1 ORDER BY number", tenant_id
        )
    finally:
        await connection.close()
    problems = [f"availability {r['id']}: {dict(r)}" for r in broken]
    sequences = sorted(int(r["number"].rsplit("-", 1)[1]) for r in numbers)
    if sequences != list(range(1, len(sequences) + 1)):
        problems.append(f"trade numbers are not 1..{len(sequences)} without gaps: {sequences}")
    return problems


async def measure_async(args: argparse.Namespace, url: str) -> tuple[list[Result], list[str]]:
    await migrate.upgrade(url)
    pool = max([*args.concurrency, args.race_concurrency]) + 8
    settings = Settings(
        database_url=url,
        run_relay=False,
        environment="test",
        secret_key="mandi-bench-secret",
        log_level="WARNING",
        database_pool_size=pool,
        database_max_overflow=4,
    )
    container = await build_container(settings)
    try:
        async with Setup.open(container) as setup:
            # warm-up (not reported): connections, prepared statements, the app's first imports
            await run_scenario(container, setup, "warm-up", args.warmup, args.warmup, args.spread_bales)
            results = [
                await run_scenario(container, setup, "spread", c, c, args.spread_bales) for c in args.concurrency
            ]
            results.append(
                await run_scenario(
                    container, setup, "race", args.race_concurrency, args.race_availabilities, args.race_bales
                )
            )
            problems = await invariants(with_database(url, scheme="postgresql"), setup.tenant_id)
    finally:
        await container.close()
    return results, problems


def measure(args: argparse.Namespace) -> tuple[list[Result], list[str]]:
    with temporary_database(args.database_url) as url:
        try:
            return asyncio.run(measure_async(args, url))
        except (OSError, asyncpg.PostgresError, httpx.HTTPError) as error:
            raise BenchError(f"set-up failed: {error}") from error


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--warmup", type=int, default=8, help="negotiations run first and not reported")
    parser.add_argument("--spread-bales", type=int, default=1000)
    parser.add_argument("--race-concurrency", type=int, default=32)
    parser.add_argument("--race-availabilities", type=int, default=2)
    parser.add_argument("--race-bales", type=int, default=60)
    parser.add_argument("--database-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def report(args: argparse.Namespace, outcome: tuple[list[Result], list[str]]) -> int:
    results, problems = outcome
    if args.json:
        print(json.dumps({"results": [asdict(r) for r in results], "invariant_problems": problems}, indent=2))
    else:
        print(
            f"{'scenario':>8} | {'negotiations':>12} | {'availabilities':>14} | {'accepted':>8} | {'trades/s':>8} |"
            f" {'accept p50':>10} | {'p99':>8} | 409s"
        )
        for r in results:
            conflicts = ", ".join(f"{n} {code}" for code, n in sorted(r.conflicts.items())) or "0"
            print(
                f"{r.scenario:>8} | {r.concurrency:>12} | {r.availabilities:>14} | {r.accepted:>8} |"
                f" {r.trades_per_second:>8.1f} | {r.accept_p50_ms:>7.1f} ms | {r.accept_p99_ms:>5.1f} ms | {conflicts}"
            )
        held = "hold (available+reserved+sold=total, sold=traded, numbers gap-free)"
        print("invariants: " + ("BROKEN" if problems else held))
    for problem in problems:
        log(f"invariant: {problem}")
    for r in results:
        for unexpected in r.unexpected:
            log(f"{r.scenario}/{r.concurrency}: unexpected {unexpected}")
    # in a race exactly as many win as the stock allows (20 bales each)
    winners = {r.scenario: min(r.concurrency, r.availabilities * (args.race_bales // 20)) for r in results}
    race_wins = all(r.accepted == winners[r.scenario] for r in results if r.scenario == "race")
    return 1 if problems or any(r.failures for r in results) or not race_wins else 0


def main(argv: list[str] | None = None) -> int:
    return bench_main(argv, parse, measure, report)


if __name__ == "__main__":
    sys.exit(main())
