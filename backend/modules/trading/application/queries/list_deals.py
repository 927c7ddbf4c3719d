"""Pages of negotiations and trades, newest first: a partner user's own (either side), else the tenant's
within the branches the reader's grant covers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from backend.core.principal import Principal
from backend.core.reach import reach_of
from backend.modules.trading.application.access import READ, is_external, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_views import (
    NegotiationView,
    TradeView,
    negotiation_view,
    party_views,
    trade_view,
)
from backend.modules.trading.application.ports import DealFilter
from backend.modules.trading.application.views import PageView


@dataclass(frozen=True)
class ListDeals:
    page: DealFilter


def _own(query: ListDeals, actor: Principal) -> DealFilter:
    """A partner user's own deals; the staff's within the branches their read grant covers."""
    tenant_scope(actor)  # deals belong to a tenant
    if is_external(actor):
        return replace(query.page, partner_id=actor.partner_id)
    return replace(query.page, reach=reach_of(actor, READ))


async def list_trades(query: ListDeals, actor: Principal, ctx: TradingContext) -> PageView[TradeView]:
    page = _own(query, actor)
    async with ctx.uow(actor.data_scope) as uow:
        found = await uow.trades.search(page)
    after = (found[-1].created_at, found[-1].id) if len(found) == page.limit else None
    return PageView(tuple(trade_view(t) for t in found), after)


async def list_negotiations(query: ListDeals, actor: Principal, ctx: TradingContext) -> PageView[NegotiationView]:
    page = _own(query, actor)
    async with ctx.uow(actor.data_scope) as uow:
        found = await uow.negotiations.search(page)
    ids = {n.buyer_partner_id for n in found} | {n.seller_partner_id for n in found}
    parties = await party_views(ctx.partners(tenant_scope(actor)), *sorted(ids))
    after = (found[-1].started_at, found[-1].id) if len(found) == page.limit else None
    return PageView(tuple(negotiation_view(n, parties) for n in found), after)
