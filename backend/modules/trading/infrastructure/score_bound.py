"""A tight upper bound of the neutral match score in SQL, so one statement hands over the best first.

Each component follows the domain's formula (``domain/scoring.py``) in ``double precision`` and is
nudged up wherever float arithmetic or the domain's rounding could put the exact value higher:

- quality: per measured parameter 1 less up to 0.5 by the distance from the preferred value, 0
  outside the range (compared on the float casts: a cast is monotone, so "outside" in float means
  outside in decimals) or when the parameter is missing; a label or a graded parameter counts 1.
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
``application/matching.py`` is exact and needs one page in practice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Float, Select, and_, case, cast, func, literal, null, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from backend.modules.trading.application.ports import DeliveryTarget, NumericWish, ScoreBound
from backend.modules.trading.infrastructure.tables import availabilities

EARTH_RADIUS_KM = 6371.0088
TOLERANCE = 1e-9
KM_SLACK = 0.06
SLACK = 0.0001 + 1e-6


def _price(bound: ScoreBound, price: ColumnElement[Any]) -> ColumnElement[Any]:
    target = float(bound.target_per_base)
    relative = (price - target) / target - TOLERANCE
    whens = [(relative <= 0, literal(1.0))]
    whens += [(relative <= float(limit), literal(float(score))) for limit, score in bound.price_bands]
    return case(*whens, else_=literal(float(bound.price_floor)))


def distance_km(latitude: float, longitude: float) -> ColumnElement[Any]:
    """The haversine distance from the ship-from location, as ``domain/geo.py`` computes it."""
    t = availabilities
    half_dlat = func.radians(t.c.match_latitude - latitude) / 2
    half_dlon = func.radians(t.c.match_longitude - longitude) / 2
    h = func.power(func.sin(half_dlat), 2) + func.cos(func.radians(latitude)) * func.cos(
        func.radians(t.c.match_latitude)
    ) * func.power(func.sin(half_dlon), 2)
    return 2 * EARTH_RADIUS_KM * func.asin(func.least(1.0, func.sqrt(h)))


def _point(target: DeliveryTarget, inter_state: bool, row: Any, index: int) -> ColumnElement[Any]:
    km = float(target.max_distance_km)
    near = func.greatest(0.0, row[f"d{index}"] - KM_SLACK)
    in_state: ColumnElement[bool] = true()
    if not inter_state:
        if target.state_code is None:
            return null()
        in_state = and_(row.ship_from_country == target.country, row.ship_from_state == target.state_code)
    score = literal(1.0) if km <= 0 else 1.0 - 0.5 * func.least(1.0, near / km)
    return case((and_(near <= km, in_state), score), else_=null())


def _delivery(bound: ScoreBound, row: Any) -> ColumnElement[Any]:
    parts = [_point(target, bound.allow_inter_state, row, i) for i, target in enumerate(bound.points)]
    if not parts:
        return null()
    return parts[0] if len(parts) == 1 else func.greatest(*parts)


def _measured(low: ColumnElement[Any], high: ColumnElement[Any], wish: NumericWish) -> ColumnElement[Any]:
    outside: list[ColumnElement[bool]] = [literal(False)]
    if wish.min is not None:
        outside.append(low < float(wish.min))
    if wish.max is not None:
        outside.append(high > float(wish.max))
    if wish.preferred is None:
        inside: ColumnElement[Any] = literal(1.0)
    else:
        if wish.min is not None and wish.max is not None:
            half_width = (wish.max - wish.min) / 2
        else:
            edge = wish.min if wish.min is not None else wish.max
            half_width = abs(wish.preferred - edge) if edge is not None else Decimal(0)
        if half_width == 0:
            inside = literal(1.0)  # the domain's 1 or 0.5; 1 bounds both
        else:
            point = (low + high) / 2
            share = func.greatest(0.0, func.abs(point - float(wish.preferred)) / float(half_width) - TOLERANCE)
            inside = 1.0 - 0.5 * func.least(1.0, share)
    return case((or_(*outside), literal(0.0)), else_=inside)


def _parameter(value: Any, wish: NumericWish | None) -> ColumnElement[Any]:
    if wish is None:  # graded: at most 1
        return case((value.is_(None), literal(0.0)), else_=literal(1.0))
    number = cast(value["number"].astext, Float)
    low, high = cast(value["range"][0].astext, Float), cast(value["range"][1].astext, Float)
    return case(
        (value.is_(None), literal(0.0)),
        (value.has_key("number"), _measured(number, number, wish)),
        (value.has_key("range"), _measured(low, high, wish)),
        else_=literal(1.0),  # a label the domain might parse as a measurement
    )


def _quality(bound: ScoreBound, row: Any) -> ColumnElement[Any]:
    if not bound.parameters:
        return literal(1.0)
    terms = [_parameter(row[f"q{i}"], wish) for i, (_, wish) in enumerate(bound.parameters)]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total / float(len(terms))


def ranked(bound: ScoreBound, where: list[ColumnElement[bool]], *, offset: int, limit: int) -> Select[Any]:
    """Ids and bounds of the rows passing ``where`` whose bound reaches the minimum score, best first.

    The inner query reads each quality value and computes each distance once per row, the middle one
    the bound once per row (``OFFSET 0`` keeps PostgreSQL from folding them into the outer query and
    repeating them in every CASE, the filter and the sort key)."""
    t = availabilities
    inner = (
        select(
            t.c.id,
            t.c.match_price,
            t.c.ship_from_country,
            t.c.ship_from_state,
            *(t.c.quality[name].label(f"q{i}") for i, (name, _) in enumerate(bound.parameters)),
            *(distance_km(float(p.latitude), float(p.longitude)).label(f"d{i}") for i, p in enumerate(bound.points)),
        )
        .where(*where)
        .offset(0)
        .subquery("candidates")
    )
    row = inner.c
    w = bound.weights
    upper = (
        float(w[0]) * _quality(bound, row)
        + float(w[1]) * _price(bound, row.match_price)
        + float(w[2]) * _delivery(bound, row)
        + float(w[3]) * 1.0
        + SLACK
    ).label("bound")
    scored = select(row.id, upper).offset(0).subquery("scored")
    return (
        select(scored.c.id, scored.c.bound)
        .where(scored.c.bound >= float(bound.minimum_score))
        .order_by(scored.c.bound.desc(), scored.c.id)
        .offset(offset)
        .limit(limit)
    )
