"""The matching statement: the prefilter, and a tight upper bound of the neutral match score computed
in SQL, so one statement hands over the best first.

Each component follows the domain's formula (``domain/scoring.py``) in ``double precision`` and is
nudged up wherever float arithmetic or the domain's rounding could put the exact value higher:

- quality: per measured parameter 1 less up to 0.5 by the distance from the preferred value, 0
  outside the range (compared on the float copies of migration 0005: a cast is monotone, so
  "outside" in float means outside in decimals) or when the parameter is missing; a label or a
  graded parameter counts 1.
- price: the domain's bands on the price per base unit, which is stored rounded down, with the
  relative distance lowered by ``TOLERANCE`` (a lower distance never means a lower band).
- delivery: the best eligible delivery location (within its distance and, unless inter-state is
  allowed, in its state), with the distance lowered by ``KM_SLACK`` (the domain rounds kilometres
  half up to 0.1, so its distance is at most 0.05 km shorter, plus float noise); no eligible
  location gives NULL, which no ``>=`` comparison passes (a hard filter of the domain).
- risk: 1 (the neutral ranking passes every pair; facts only ever lower a score).

The domain rounds components and the total half up to four places, at most 0.00005 each; the
``SLACK`` covers the quality, delivery and total roundings together. So ``exact <= bound`` for every
row, and ``bound - exact`` is a few ten-thousandths: the threshold search in
``application/match_search.py`` is exact and needs one page in practice.

The statement is SQL text: its shape depends only on the commodity's configuration (weights and
price bands, written in) and on the shape of the requirement (its parameters and delivery
locations, the prefilter's boxes and states); every other value is a bind parameter. A run formats
the text (cheap) and finds its ``TextClause`` in a cache keyed by it, so SQLAlchemy neither builds
nor compiles an expression tree per run, and the driver reuses the prepared statement. Every
comparison in the prefilter is between equal types, all leakproof, so the covering index serves
them under row-level security.
"""

from __future__ import annotations

import math
import uuid
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, Double, text
from sqlalchemy.sql.selectable import TextualSelect

from backend.modules.trading.application.ports import Box, CandidateQuery, NumericWish, ScoreBound
from backend.modules.trading.infrastructure.tables import STRIPS_PER_DEGREE, availabilities

EARTH_RADIUS_KM = 6371.0088
TOLERANCE = 1e-9
KM_SLACK = 0.06
SLACK = 0.0001 + 1e-6
TABLE = f"{availabilities.schema}.{availabilities.name}"


def _row(alias: str) -> str:
    return ", ".join(f"{alias}.{c.name}" for c in availabilities.columns)


class Binds:
    """The bind parameters of one statement, named in the order the text asks for them."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def __call__(self, value: Any, sql_type: str | None = None) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"CAST(:{name} AS {sql_type})" if sql_type else f":{name}"

    def number(self, value: Decimal | float) -> str:
        return self(float(value), "double precision")


def number(value: Decimal | float) -> str:
    """A configuration value written into the text (it is part of the statement's shape)."""
    return f"{float(value)!r}::double precision"


def strips(box: Box) -> list[int]:
    """The strips of longitude (``match_strip``) the box touches: each is one range scan of the index."""
    first, last = (
        int((edge * STRIPS_PER_DEGREE).to_integral_value(ROUND_FLOOR))
        for edge in (box.min_longitude, box.max_longitude)
    )
    return list(range(first, last + 1))


def prefilter(query: CandidateQuery, tenant_id: uuid.UUID | None, bind: Binds) -> str:
    """The prefilter on ``t``: every condition is one of the domain's hard filters, loosened never
    tightened (numbers compare on their float8 shadows, and a cast to float is monotone)."""
    buyer = bind(query.buyer_partner_id, "uuid")
    where = [
        "t.status = 'active'",
        f"t.commodity_id = {bind(query.commodity_id, 'uuid')}",
        f"t.currency = {bind(query.currency, 'varchar')}",
        f"t.match_price <= {bind.number(query.max_price_per_base)}",
        f"t.match_available >= {bind.number(query.min_available)}",
        f"t.expires_at > {bind(query.now, 'timestamptz')}",
        f"t.available_from <= {bind(query.delivery_until, 'date')}",
        f"t.available_until >= {bind(query.delivery_from, 'date')}",
        f"t.seller_partner_id <> {buyer}",
        f"(t.visibility = 'public' OR (t.visibility = 'restricted' AND {buyer} = ANY (t.listed_buyers)))",
    ]
    boxes = [
        f"(t.match_strip = ANY ({bind(strips(box), 'integer[]')})"
        f" AND t.match_latitude BETWEEN {bind.number(box.min_latitude)} AND {bind.number(box.max_latitude)}"
        f" AND t.match_longitude BETWEEN {bind.number(box.min_longitude)} AND {bind.number(box.max_longitude)})"
        for box in query.boxes
    ]
    where.append(f"({' OR '.join([*boxes, 'false'])})")
    if tenant_id is not None:
        where.append(f"t.tenant_id = {bind(tenant_id, 'uuid')}")
    if query.states is not None:
        states = [
            f"(t.ship_from_country = {bind(c, 'varchar')} AND t.ship_from_state = {bind(s, 'varchar')})"
            for c, s in query.states
        ]
        where.append(f"({' OR '.join([*states, 'false'])})")
    if query.variety is not None:
        where.append(f"lower(t.variety) = {bind(query.variety.casefold(), 'text')}")
    if query.origin_country is not None:
        where.append(f"t.country_of_origin = {bind(query.origin_country, 'varchar')}")
    return " AND ".join(where)


def _distance(bound: ScoreBound, bind: Binds, index: int) -> str:
    """The haversine distance from the ship-from location to a delivery location, as ``domain/geo.py``
    computes it."""
    point = bound.points[index]
    lat, lon = float(point.latitude), float(point.longitude)
    half_dlat = f"radians(t.match_latitude - {bind.number(lat)}) / 2"
    half_dlon = f"radians(t.match_longitude - {bind.number(lon)}) / 2"
    h = (
        f"power(sin({half_dlat}), 2) + {bind.number(math.cos(math.radians(lat)))}"
        f" * cos(radians(t.match_latitude)) * power(sin({half_dlon}), 2)"
    )
    return f"2 * {number(EARTH_RADIUS_KM)} * asin(least(1.0::double precision, sqrt({h}))) AS d{index}"


def _point(bound: ScoreBound, bind: Binds, index: int) -> str:
    target = bound.points[index]
    near = f"greatest(0.0::double precision, d{index} - {number(KM_SLACK)})"
    in_state = "true"
    if not bound.allow_inter_state:
        if target.state_code is None:
            return "NULL::double precision"
        country, state = bind(target.country, "varchar"), bind(target.state_code, "varchar")
        in_state = f"ship_from_country = {country} AND ship_from_state = {state}"
    km = bind.number(target.max_distance_km)
    score = "1.0::double precision"
    if target.max_distance_km > 0:
        score = f"1.0::double precision - 0.5 * least(1.0::double precision, {near} / {km})"
    return f"CASE WHEN {near} <= {km} AND {in_state} THEN {score} END"


def _delivery(bound: ScoreBound, bind: Binds) -> str:
    parts = [_point(bound, bind, i) for i in range(len(bound.points))]
    if not parts:
        return "NULL::double precision"
    return parts[0] if len(parts) == 1 else f"greatest({', '.join(parts)})"


def _price(bound: ScoreBound, bind: Binds) -> str:
    target = bind.number(bound.target_per_base)
    relative = f"(match_price - {target}) / {target} - {number(TOLERANCE)}"
    whens = [f"WHEN {relative} <= 0 THEN 1.0::double precision"]
    whens += [f"WHEN {relative} <= {number(limit)} THEN {number(score)}" for limit, score in bound.price_bands]
    return f"CASE {' '.join(whens)} ELSE {number(bound.price_floor)} END"


def _measured(wish: NumericWish, bind: Binds, index: int) -> str:
    low, high = f"l{index}", f"h{index}"
    outside = []
    if wish.min is not None:
        outside.append(f"{low} < {bind.number(wish.min)}")
    if wish.max is not None:
        outside.append(f"{high} > {bind.number(wish.max)}")
    inside = "1.0::double precision"
    if wish.preferred is not None:
        if wish.min is not None and wish.max is not None:
            half_width = (wish.max - wish.min) / 2
        else:
            edge = wish.min if wish.min is not None else wish.max
            half_width = abs(wish.preferred - edge) if edge is not None else Decimal(0)
        if half_width != 0:  # else the domain's 1 or 0.5; 1 bounds both
            share = (
                f"greatest(0.0::double precision, abs(({low} + {high}) / 2 - {bind.number(wish.preferred)})"
                f" / {bind.number(half_width)} - {number(TOLERANCE)})"
            )
            inside = f"1.0::double precision - 0.5 * least(1.0::double precision, {share})"
    whens = [f"WHEN k{index} IS NULL THEN 0.0::double precision"]  # not stated
    whens.append(f"WHEN {low} IS NULL THEN 1.0::double precision")  # a label the domain might parse
    if outside:
        whens.append(f"WHEN {' OR '.join(outside)} THEN 0.0::double precision")
    return f"CASE {' '.join(whens)} ELSE {inside} END"


def _quality(bound: ScoreBound, bind: Binds) -> str:
    if not bound.parameters:
        return "1.0::double precision"
    terms = [
        f"CASE WHEN k{i} IS NULL THEN 0.0::double precision ELSE 1.0::double precision END"  # graded: at most 1
        if wish is None
        else _measured(wish, bind, i)
        for i, (_, wish) in enumerate(bound.parameters)
    ]
    return f"({' + '.join(terms)}) / {len(terms)}"


def ranked(
    query: CandidateQuery, bound: ScoreBound, tenant_id: uuid.UUID | None, bind: Binds, *, offset: int, limit: int
) -> str:
    """Ids and bounds of the rows passing the prefilter whose bound reaches the minimum score, best
    first. Each level reads or computes once per row what the next uses several times (``OFFSET 0``
    keeps PostgreSQL from folding them into one another and repeating the expressions)."""
    where = prefilter(query, tenant_id, bind)
    names = [bind(name, "text") for name, _ in bound.parameters]
    slots = [f"array_position(t.match_quality_names, {name}) AS k{i}" for i, name in enumerate(names)]
    distances = [_distance(bound, bind, i) for i in range(len(bound.points))]
    read = ["t.id", "t.match_price", "t.ship_from_country", "t.ship_from_state", "t.match_quality"]
    carried = ["id", "match_price", "ship_from_country", "ship_from_state"]
    carried += [f"d{i}" for i in range(len(bound.points))] + [f"k{i}" for i in range(len(names))]
    values = [f"match_quality[2 * k{i} - 1] AS l{i}, match_quality[2 * k{i}] AS h{i}" for i in range(len(names))]
    w = bound.weights
    upper = (
        f"{number(w[0])} * {_quality(bound, bind)} + {number(w[1])} * {_price(bound, bind)}"
        f" + {number(w[2])} * {_delivery(bound, bind)} + {number(float(w[3]) + SLACK)}"
    )
    # every value is a bind parameter; the text holds names, configuration values and counts
    candidates = f"SELECT {', '.join([*read, *slots, *distances])} FROM {TABLE} AS t WHERE {where}"  # noqa: S608
    measured = f"SELECT {', '.join([*carried, *values])} FROM ({candidates} OFFSET 0) AS candidates"  # noqa: S608
    scored = f"SELECT id, {upper} AS bound FROM ({measured} OFFSET 0) AS measured"  # noqa: S608
    minimum, skip, take = bind.number(bound.minimum_score), bind(offset, "bigint"), bind(limit, "bigint")
    return (
        f"SELECT id, bound FROM ({scored} OFFSET 0) AS scored WHERE bound >= {minimum}"  # noqa: S608
        f" ORDER BY bound DESC, id OFFSET {skip} LIMIT {take}"
    )


def bounded_statement(
    query: CandidateQuery, bound: ScoreBound, tenant_id: uuid.UUID | None, *, offset: int, limit: int
) -> tuple[TextualSelect, dict[str, Any]]:
    """The rows of a page of ``ranked`` with their bounds (only the page's rows are read from the
    table, by primary key), and the statement's bind values."""
    bind = Binds()
    best = ranked(query, bound, tenant_id, bind, offset=offset, limit=limit)
    sql = f"SELECT {_row('a')}, best.bound FROM ({best}) AS best JOIN {TABLE} AS a ON a.id = best.id"  # noqa: S608
    sql += " ORDER BY best.bound DESC, best.id"
    return _rows_and_bound(sql), bind.values


def candidates_statement(query: CandidateQuery, tenant_id: uuid.UUID | None) -> tuple[TextualSelect, dict[str, Any]]:
    """Every row passing the prefilter."""
    bind = Binds()
    sql = f"SELECT {_row('t')} FROM {TABLE} AS t WHERE {prefilter(query, tenant_id, bind)}"  # noqa: S608
    return _rows(sql), bind.values


@lru_cache(maxsize=256)
def _rows_and_bound(sql: str) -> TextualSelect:
    return text(sql).columns(*availabilities.columns, Column("bound", Double))


@lru_cache(maxsize=256)
def _rows(sql: str) -> TextualSelect:
    return text(sql).columns(*availabilities.columns)
