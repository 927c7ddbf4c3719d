"""Move a trade along its status machine: ship, deliver, complete, dispute, resolve, cancel.

An illegal move is a 409 naming both states. Leaving a dispute (back to active, or cancelled) is a
resolution and needs a reason, as do a dispute and a cancellation. Each move adds a history line.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import TRADE, load_trade
from backend.modules.trading.application.deal_views import TradeView, trade_view
from backend.modules.trading.domain.enums import TradeStatus


@dataclass(frozen=True)
class ChangeTradeStatus:
    trade_id: uuid.UUID
    target: TradeStatus
    reason: str | None = None


async def change_trade_status(command: ChangeTradeStatus, actor: Principal, ctx: TradingContext) -> TradeView:
    async with ctx.uow(actor.data_scope) as uow:
        trade = await load_trade(uow, command.trade_id, actor, permission=TRADE, for_update=True)
        if trade.status is TradeStatus.DISPUTED and command.target in (TradeStatus.ACTIVE, TradeStatus.CANCELLED):
            cancel = command.target is TradeStatus.CANCELLED
            trade.resolve_dispute(actor.user_id, cancel=cancel, reason=command.reason or "")
        else:
            trade.transition(command.target, by=actor.user_id, reason=command.reason)
        await uow.trades.save(trade, by=actor.user_id)
        await uow.commit()
    return trade_view(trade)
