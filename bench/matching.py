"""Matching benchmark: one requirement against 10,000 and 100,000 active availabilities.

Creates a throw-away database, migrates it (``migrate.upgrade``, as ``mandi migrate`` does) and builds
the application's ``Container``. Through the API in-process it creates a tenant, cotton, approved
sellers in eight cotton states (``--sellers-per-state``) and a buyer in Rajkot, then COPYs the
sellers' availabilities in as the owner (a realistic spread: ship-from in the seller's state with
jittered coordinates, prices 52,000-68,000 INR/candy, staple, micronaire and strength per lot, 85%
active and the rest draft, sold, expired or cancelled). Then it times, as ``mandi_app`` (row-level
security applies as in production):

- ``use case``: trading's ``rematch`` (the threshold search over the covering index, the domain's
  ``rank`` of the rows handed over, facts for the best candidates, top 10 stored), twice: with stub
  facades (every partner approved, cotton, every pair passing risk: matching alone) and with the
  container's real partners, commodities and risk facades (what a request pays). A rematch starts
  its search a little below the last run's cut-off score; ``real 1st`` times a first run (the
  requirement's matches deleted, untimed, before each), which steps down from 0.90;
- ``brute force``: every availability of the tenant loaded and scored by the domain's ``rank``,
  no prefilter,

and prints p50/p99, the ratios and whether each top 10 equals the brute force's.

    .venv/bin/python bench/matching.py [--sizes 10000 100000] [--runs 50] [--brute-runs 5]
        [--sellers-per-state 5] [--seed 7] [--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
from matching_market import RealMarket, real_market
from sqlalchemy import select
from trade_setup import Setup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching_rows import CANDY, COLUMNS, requirement, rows

from backend.app.bootstrap import build_container
from backend.contracts.commodities.queries import CommodityRef, UnitFactor
from backend.contracts.partners.queries import PartnerCapabilities, PartnerRef, TradingParty
from backend.core.config import Settings
from backend.core.principal import DataScope
from backend.db import migrate
from backend.db.engine import create_engine, create_session_factory
from backend.modules.trading.application.commands.match_requirement import rematch
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.queries.list_matches import MatchesView
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.facts import PartyFacts
from backend.modules.trading.domain.matching import Candidate, rank
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.scoring import config_for
from backend.modules.trading.infrastructure import mapping
from backend.modules.trading.infrastructure.tables import availabilities
from backend.modules.trading.infrastructure.unit_of_work import SqlTradingUnitOfWork

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
APP_ROLE = "mandi_app"


class PassingRiskVerdicts:
    """Bench stand-in for the risk facade: every pair passes (the bench times prefilter and ranking)."""

    async def verdicts(
        self, tenant_id: uuid.UUID, buyer: object, commodity_id: uuid.UUID, currency: str, offers: list[object]
    ) -> list[RiskVerdict]:
        return [RiskVerdict.PASS] * len(offers)


class StubCommodities:
    def __init__(self, commodity_id: uuid.UUID) -> None:
        self.ref = CommodityRef(
            commodity_id,
            "COTTON",
            "Raw cotton",
            "fibre",
            "5201",
            Decimal(5),
            "KG",
            (UnitFactor("KG", Decimal(1)), UnitFactor("BALE", Decimal(170)), UnitFactor("CANDY", CANDY)),
            ("Shankar-6",),
            True,
            1,
        )

    async def get_commodity(self, commodity_id: uuid.UUID) -> CommodityRef:
        return self.ref


class StubPartners:
    """Every partner approved, in India, with domestic buying and selling, no identifiers or contacts."""

    async def trading_parties(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, TradingParty]:
        return {partner_id: self._party(partner_id) for partner_id in partner_ids}

    @staticmethod
    def _party(partner_id: uuid.UUID) -> TradingParty:
        ref = PartnerRef(
            partner_id, "BP", "Lot owner", None, "IN", "business_entity", "both", "approved", None, (), None, None,
            "verified", None, (),
        )  # fmt: skip
        capabilities = frozenset({"domestic_buy", "domestic_sell"})
        return TradingParty(ref, PartnerCapabilities(partner_id, "BP", "approved", "IN", capabilities, False))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


async def _timed(
    runs: int,
    call: Callable[[], Awaitable[MatchesView | None]],
    before: Callable[[], Awaitable[Any]] | None = None,
) -> tuple[list[float], MatchesView]:
    """``call`` timed ``runs`` times after a warm-up; ``before`` runs untimed ahead of each call."""
    found = None
    for _ in range(3):  # warm-up
        found = await call()
    times = []
    for _ in range(runs):
        if before is not None:
            await before()
        started = time.perf_counter()
        found = await call()
        times.append((time.perf_counter() - started) * 1000)
    assert found is not None
    return times, found


async def _load(url: str, market: RealMarket, size: int, seed: int, now: datetime) -> Requirement:
    """COPY the availabilities and insert the requirement as the owner, then VACUUM ANALYZE."""
    owner = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        await owner.set_type_codec(
            "jsonb",
            encoder=lambda value: b"\x01" + json.dumps(value).encode(),
            decoder=lambda data: json.loads(data[1:]),
            schema="pg_catalog",
            format="binary",
        )
        records = rows(size, market, random.Random(seed), now)
        await owner.copy_records_to_table("availabilities", schema_name="trading", columns=COLUMNS, records=records)
        req = requirement(market, now)
        row = mapping.requirement_row(req)
        placeholders = ", ".join(f"${i + 1}" for i in range(len(row)))
        await owner.execute(
            f"INSERT INTO trading.requirements ({', '.join(row)}) VALUES ({placeholders})", *row.values()
        )
        # as after autovacuum in production: statistics, and an all-visible map for index-only scans
        await owner.execute("VACUUM ANALYZE trading.availabilities")
    finally:
        await owner.close()
    return req


async def _brute(factory: Any, scope: DataScope, req: Requirement, runs: int) -> tuple[list[float], list[Any]]:
    brute, best = [], []
    for _ in range(runs):
        started = time.perf_counter()
        uow = SqlTradingUnitOfWork(factory, scope)
        async with uow:
            statement = select(availabilities).where(availabilities.c.tenant_id == req.tenant_id)
            every = [mapping.availability_of(r) for r in (await uow.session.execute(statement)).all()]
        ranked = rank(
            req,
            (Candidate(a, PartyFacts(a.seller_partner_id)) for a in every),
            config_for("COTTON"),
            buyer=PartyFacts(req.buyer_partner_id),
            now=datetime.now(UTC),
        )
        best = ranked[:10]
        brute.append((time.perf_counter() - started) * 1000)
    return brute, best


def _ranking(found: MatchesView) -> list[tuple[Any, Any]]:
    return [(m.score, m.distance_km) for m in found.items]


async def measure(size: int, args: argparse.Namespace, admin_url: str) -> dict[str, Any]:
    plain = admin_url.replace("+asyncpg", "")
    name = f"mandi_bench_matching_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(plain)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    engine, container = None, None
    try:
        await migrate.upgrade(url)
        settings = Settings(
            database_url=url,
            run_relay=False,
            environment="test",
            secret_key="mandi-bench-secret",
            log_level="WARNING",
            database_pool_size=4,
        )
        container = await build_container(settings)
        async with Setup.open(container) as setup:
            market = await real_market(setup, args.sellers_per_state)
        req = await _load(url, market, size, args.seed, datetime.now(UTC))
        engine = create_engine(url, Settings(database_url=url, database_role=APP_ROLE, database_pool_size=4))
        factory = create_session_factory(engine)
        scope = DataScope(tenant_id=market.tenant_id)
        stubbed = TradingContext(
            lambda s: SqlTradingUnitOfWork(factory, s),
            lambda s: StubCommodities(market.commodity_id),  # type: ignore[arg-type, return-value]
            lambda s: StubPartners(),  # type: ignore[arg-type, return-value]
            PassingRiskVerdicts(),
        )
        use_case, found = await _timed(args.runs, lambda: rematch(req.id, scope, stubbed))
        real, found_real = await _timed(args.runs, lambda: rematch(req.id, scope, container.trading))
        owner = await asyncpg.connect(plain.rsplit("/", 1)[0] + f"/{name}")
        try:  # a first run: the requirement has no matches yet, so no cut-off to start the search from

            async def forget_matches() -> None:
                await owner.execute("DELETE FROM trading.matches WHERE requirement_id = $1", req.id)

            first, found_first = await _timed(
                args.runs, lambda: rematch(req.id, scope, container.trading), forget_matches
            )
        finally:
            await owner.close()
        brute, best = await _brute(factory, scope, req, args.brute_runs)
        expected = [(r.score.total, r.distance_km) for r in best]
        return {
            "size": size,
            "use_case": use_case,
            "real": real,
            "brute": brute,
            "matches": len(found.items),
            "same": _ranking(found) == expected,
            "same_real": _ranking(found_real) == expected,
            "first": first,
            "same_first": _ranking(found_first) == expected,
        }
    finally:
        if engine is not None:
            await engine.dispose()
        if container is not None:
            await container.close()
        admin = await asyncpg.connect(plain)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--brute-runs", type=int, default=5)
    parser.add_argument("--sellers-per-state", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args(argv)
    print(
        "facades: 'stubs' = partners (every partner approved), commodities (cotton), risk (every pair passes);"
        " 'real' = the container's partners, commodities and risk facades on the same rows."
        " PostgreSQL with row-level security as mandi_app in both. A rematch starts its search a little below"
        " the last run's cut-off; 'real 1st' is a first run (the requirement's matches deleted before each),"
        " which steps down from 0.90"
    )
    results = [asyncio.run(measure(size, args, args.database_url)) for size in args.sizes]
    print(
        f"{'availabilities':>14} | {'facades':>8} | {'use case p50':>12} | {'p99':>8} | {'brute p50':>10} |"
        f" {'p99':>8} | {'p50 ratio':>9} | {'p99 ratio':>9} | matches | same top"
    )
    ok = True
    for r in results:
        b50, b99 = statistics.median(r["brute"]), percentile(r["brute"], 0.99)
        variants = (
            ("stubs", r["use_case"], r["same"]),
            ("real", r["real"], r["same_real"]),
            ("real 1st", r["first"], r["same_first"]),
        )
        for facades, times, same in variants:
            u50, u99 = statistics.median(times), percentile(times, 0.99)
            print(
                f"{r['size']:>14,} | {facades:>8} | {u50:>9.1f} ms | {u99:>5.1f} ms | {b50:>7.1f} ms |"
                f" {b99:>5.1f} ms | {b50 / u50:>8.1f}x | {b99 / u99:>8.1f}x | {r['matches']:>7} | {same}"
            )
            ok = ok and same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
