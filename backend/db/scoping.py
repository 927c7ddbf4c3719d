"""Tenant and partner scoping of statements: the application's half of tenant isolation.

Row-level security already limits what a unit of work sees; repositories still start their
statements from ``scoped`` so intent is visible in the query and a mis-set session cannot widen it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Table, and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from backend.core.principal import DataScope
from backend.core.reach import Reach


def scoped(table: Table, scope: DataScope) -> Select[Any]:
    """``SELECT * FROM table`` limited to the scope's tenant and, for partner users, its partner."""
    statement = select(table)
    if scope.platform:
        return statement
    if "tenant_id" in table.c:
        statement = statement.where(table.c.tenant_id == scope.tenant_id)
    if scope.partner_id is not None and "partner_id" in table.c:
        statement = statement.where(table.c.partner_id == scope.partner_id)
    return statement


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
