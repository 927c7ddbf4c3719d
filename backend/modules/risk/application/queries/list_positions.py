"""The tenant's positions per branch and commodity, a keyset page at a time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.core.reach import reach_of
from backend.modules.risk.application.access import READ, ensure_staff
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.ports import PositionFilter
from backend.modules.risk.application.views import PositionPageView, position_view


@dataclass(frozen=True)
class ListPositions:
    limit: int
    after: uuid.UUID | None = None
    branch_id: uuid.UUID | None = None
    commodity_id: uuid.UUID | None = None


async def list_positions(query: ListPositions, actor: Principal, ctx: RiskContext) -> PositionPageView:
    """Only the branches and commodities the actor's ``risk.read`` covers (a branch outside them
    asked for by name: 403); the tenant-level book (no branch) needs a grant without a branch limit."""
    if query.limit < 1:
        raise ValueError(f"limit must be at least 1, got {query.limit}")
    ensure_staff(actor, "read positions")
    if query.branch_id is not None:
        actor.require(READ, branch_id=query.branch_id)
    page = PositionFilter(
        limit=query.limit + 1,  # one row more than asked tells whether another page exists
        after=query.after,
        branch_id=query.branch_id,
        commodity_id=query.commodity_id,
        reach=reach_of(actor, READ),
    )
    async with ctx.uow(actor.data_scope) as uow:
        rows = await uow.positions.list(page)
    shown = rows[: query.limit]
    next_after = shown[-1].id if len(rows) > query.limit else None
    return PositionPageView(tuple(position_view(p) for p in shown), next_after)
