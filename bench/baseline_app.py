"""A bare Starlette + asyncpg app serving the same commodity data as Mandi: the benchmark's baseline.

Run with uvicorn (``baseline_app:app``, ``--app-dir bench``); ``BENCH_BASELINE_DSN`` names the database
(a plain ``postgresql://`` DSN). It mirrors Mandi's read path without the framework layers:
one transaction, the page query (one row more than the page, to know whether another exists) and
one query per child table, ordered by position, then JSON with decimals as canonical strings.
"""

from __future__ import annotations

import base64
import contextlib
import os
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from decimal import Decimal
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PAGE_SIZE = 50  # Mandi's default page size
POOL_MIN_SIZE = 10  # Mandi's database_pool_size default
POOL_MAX_SIZE = 20  # ... plus its database_max_overflow default

COMMODITIES_SQL = """
SELECT id, tenant_id, code, name, category, hsn_code, gst_rate, base_unit, active, version, created_at, updated_at
FROM commodities.commodities WHERE tenant_id IS NULL ORDER BY code LIMIT $1
"""
UNITS_SQL = """
SELECT commodity_id, code, factor
FROM commodities.commodity_units WHERE commodity_id = ANY($1::uuid[]) ORDER BY position
"""
QUALITY_PARAMETERS_SQL = """
SELECT commodity_id, name, unit, kind, min_value, max_value, allowed_values, mandatory
FROM commodities.quality_parameters WHERE commodity_id = ANY($1::uuid[]) ORDER BY position
"""
VARIETIES_SQL = """
SELECT commodity_id, name, description
FROM commodities.varieties WHERE commodity_id = ANY($1::uuid[]) ORDER BY position
"""


def canonical(value: Decimal | None) -> str | None:
    """Decimal as Mandi writes it: trailing zeros dropped, never exponent notation."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


def json_response(content: Any) -> Response:
    return Response(orjson.dumps(content, option=orjson.OPT_UTC_Z), media_type="application/json")


def group_by_commodity(rows: Iterable[asyncpg.Record]) -> dict[Any, list[asyncpg.Record]]:
    grouped: dict[Any, list[asyncpg.Record]] = defaultdict(list)
    for row in rows:
        grouped[row["commodity_id"]].append(row)
    return grouped


def unit_out(row: asyncpg.Record) -> dict[str, Any]:
    return {"code": row["code"], "factor": canonical(row["factor"])}


def parameter_out(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "name": row["name"],
        "unit": row["unit"],
        "kind": row["kind"],
        "min": canonical(row["min_value"]),
        "max": canonical(row["max_value"]),
        "allowed_values": list(row["allowed_values"]),
        "mandatory": row["mandatory"],
    }


def variety_out(row: asyncpg.Record) -> dict[str, Any]:
    return {"name": row["name"], "description": row["description"]}


def commodity_out(row: asyncpg.Record, children: dict[str, dict[Any, list[asyncpg.Record]]]) -> dict[str, Any]:
    key = row["id"]
    return {
        "id": str(key),
        "tenant_id": None if row["tenant_id"] is None else str(row["tenant_id"]),
        "code": row["code"],
        "name": row["name"],
        "category": row["category"],
        "hsn_code": row["hsn_code"],
        "gst_rate": canonical(row["gst_rate"]),
        "base_unit": row["base_unit"],
        "units": [unit_out(r) for r in children["units"][key]],
        "quality_parameters": [parameter_out(r) for r in children["quality_parameters"][key]],
        "varieties": [variety_out(r) for r in children["varieties"][key]],
        "active": row["active"],
        "version": row["version"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def encode_cursor(code: str) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"code": code})).decode().rstrip("=")


async def fetch_page(connection: asyncpg.Connection) -> dict[str, Any]:
    async with connection.transaction():
        rows = await connection.fetch(COMMODITIES_SQL, PAGE_SIZE + 1)
        page = rows[:PAGE_SIZE]
        ids = [row["id"] for row in page]
        children = {
            "units": group_by_commodity(await connection.fetch(UNITS_SQL, ids)),
            "quality_parameters": group_by_commodity(await connection.fetch(QUALITY_PARAMETERS_SQL, ids)),
            "varieties": group_by_commodity(await connection.fetch(VARIETIES_SQL, ids)),
        }
    next_cursor = encode_cursor(page[-1]["code"]) if len(rows) > PAGE_SIZE else None
    return {"items": [commodity_out(row, children) for row in page], "next_cursor": next_cursor}


async def commodities(request: Request) -> Response:
    async with request.app.state.pool.acquire() as connection:
        return json_response(await fetch_page(connection))


async def ready(request: Request) -> Response:
    async with request.app.state.pool.acquire() as connection:
        await connection.fetchval("SELECT 1")
    return json_response({"status": "ready"})


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    dsn = os.environ["BENCH_BASELINE_DSN"]
    async with asyncpg.create_pool(dsn, min_size=POOL_MIN_SIZE, max_size=POOL_MAX_SIZE) as pool:
        app.state.pool = pool
        yield


app = Starlette(routes=[Route("/commodities", commodities), Route("/ready", ready)], lifespan=lifespan)
