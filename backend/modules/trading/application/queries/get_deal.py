"""One negotiation (with its offers and both parties revealed) or one trade, for a party or the staff."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import load_negotiation, load_trade
from backend.modules.trading.application.deal_views import (
    NegotiationView,
    TradeView,
    present_negotiation,
    trade_view,
)


@dataclass(frozen=True)
class GetNegotiation:
    negotiation_id: uuid.UUID


@dataclass(frozen=True)
class GetTrade:
    trade_id: uuid.UUID


async def get_negotiation(query: GetNegotiation, actor: Principal, ctx: TradingContext) -> NegotiationView:
    async with ctx.uow(actor.data_scope) as uow:
        negotiation = await load_negotiation(uow, query.negotiation_id, actor)
    # the counterparty is another partner: named through the tenant's scope, once the actor may see the deal
    return await present_negotiation(ctx.partners(tenant_scope(actor)), negotiation)


async def get_trade(query: GetTrade, actor: Principal, ctx: TradingContext) -> TradeView:
    async with ctx.uow(actor.data_scope) as uow:
        return trade_view(await load_trade(uow, query.trade_id, actor))
