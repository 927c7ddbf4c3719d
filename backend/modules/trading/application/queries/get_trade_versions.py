"""Every version of a trade's terms (oldest first) and every amendment asked for, for a party or staff."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.amendment_views import TradeVersionsView, versions_view
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import load_trade


@dataclass(frozen=True)
class GetTradeVersions:
    trade_id: uuid.UUID


async def get_trade_versions(query: GetTradeVersions, actor: Principal, ctx: TradingContext) -> TradeVersionsView:
    async with ctx.uow(actor.data_scope) as uow:
        return versions_view(await load_trade(uow, query.trade_id, actor))
