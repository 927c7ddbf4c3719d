"""An upper bound of the match score in SQL, so the database hands over the best candidates first.

Each component is bounded from above (price bands with a tolerance, the haversine distance less
1 km, quality 1 inside every wanted range; risk 1), plus a slack for the domain's rounding. The
domain's exact score of a row is never above its bound, which makes the threshold search in
``application/matching.py`` exact.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Numeric, and_, case, cast, func, literal, or_
from sqlalchemy.sql.elements import ColumnElement

from backend.modules.trading.application.ports import ScoreBound
from backend.modules.trading.infrastructure.tables import availabilities

EARTH_RADIUS_KM = 6371.0088
TOLERANCE = 1e-9
SLACK = 0.001


def _price(bound: ScoreBound) -> ColumnElement[Any]:
    t = availabilities
    target = float(bound.target_per_base)
    relative = (cast(t.c.price_per_base, Float) - target) / target - TOLERANCE
    whens = [(relative <= 0, literal(1.0))]
    whens += [(relative <= float(limit), literal(float(score))) for limit, score in bound.price_bands]
    return case(*whens, else_=literal(float(bound.price_floor)))


def _distance(latitude: float, longitude: float) -> ColumnElement[Any]:
    t = availabilities
    lat, lon = cast(t.c.latitude, Float), cast(t.c.longitude, Float)
    half_dlat = func.radians(lat - latitude) / 2
    half_dlon = func.radians(lon - longitude) / 2
    h = func.power(func.sin(half_dlat), 2) + func.cos(func.radians(latitude)) * func.cos(
        func.radians(lat)
    ) * func.power(func.sin(half_dlon), 2)
    return 2 * EARTH_RADIUS_KM * func.asin(func.least(1.0, func.sqrt(h)))


def _delivery(bound: ScoreBound) -> ColumnElement[Any]:
    parts: list[ColumnElement[Any]] = []
    for latitude, longitude, km in bound.points:
        if km <= 0:
            parts.append(literal(1.0))
            continue
        near = func.greatest(0.0, _distance(float(latitude), float(longitude)) - 1.0)
        parts.append(1.0 - 0.5 * func.least(1.0, near / float(km)))
    if not parts:
        return literal(1.0)
    return parts[0] if len(parts) == 1 else func.greatest(*parts)


def _inside(parameter: str, low: Any, high: Any) -> ColumnElement[bool]:
    value = availabilities.c.quality[parameter]
    number = cast(value["number"].astext, Numeric)
    first, last = cast(value["range"][0].astext, Numeric), cast(value["range"][1].astext, Numeric)
    number_ok = [value.has_key("number")]
    range_ok = [value.has_key("range")]
    if low is not None:
        number_ok.append(number >= low)
        range_ok.append(first >= low)
    if high is not None:
        number_ok.append(number <= high)
        range_ok.append(last <= high)
    return or_(and_(*number_ok), and_(*range_ok))


def _quality(bound: ScoreBound) -> ColumnElement[Any]:
    if not bound.parameters:
        return literal(1.0)
    terms: list[ColumnElement[Any]] = [
        literal(1.0) if numeric is None else case((_inside(name, *numeric), 1.0), else_=0.0)
        for name, numeric in bound.parameters
    ]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total / float(len(terms))


def score_bound(bound: ScoreBound) -> ColumnElement[Any]:
    w = bound.weights
    return (
        float(w[0]) * _quality(bound)
        + float(w[1]) * _price(bound)
        + float(w[2]) * _delivery(bound)
        + float(w[3]) * 1.0
        + SLACK
    )
