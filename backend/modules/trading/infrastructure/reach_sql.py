"""``Reach`` as a SQL condition: one grant's branch and commodity limits ANDed, the grants ORed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, or_, true
from sqlalchemy.sql.elements import ColumnElement

from backend.modules.trading.application.reach import Reach


def within_reach(reach: Reach, commodity: Any, *branches: Any) -> ColumnElement[bool]:
    """Rows whose ``commodity`` and any of ``branches`` one of ``reach``'s grants covers."""
    per_grant = []
    for grant in reach.grants:
        parts: list[ColumnElement[bool]] = []
        if grant.commodities is not None:
            parts.append(commodity.in_(sorted(grant.commodities)))
        if grant.branches is not None:
            parts.append(or_(*(branch.in_(sorted(grant.branches)) for branch in branches)))
        per_grant.append(and_(true(), *parts))
    return or_(false(), *per_grant)
