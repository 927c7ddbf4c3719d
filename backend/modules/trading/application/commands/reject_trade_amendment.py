"""The counterparty rejects a pending amendment, with a reason; the terms stay as they are."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.amendment_views import AmendmentView, amendment_view
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import AMEND, acting_party, load_trade


@dataclass(frozen=True)
class RejectTradeAmendment:
    trade_id: uuid.UUID
    amendment_id: uuid.UUID
    reason: str
    acting_for_partner_id: uuid.UUID | None = None


async def reject_trade_amendment(command: RejectTradeAmendment, actor: Principal, ctx: TradingContext) -> AmendmentView:
    async with ctx.uow(tenant_scope(actor)) as uow:
        trade = await load_trade(uow, command.trade_id, actor, permission=AMEND, for_update=True)
        by = acting_party(actor, command.acting_for_partner_id)
        trade.reject_amendment(command.amendment_id, by_partner_id=by, reason=command.reason, now=ctx.now())
        await uow.trades.save(trade, by=actor.user_id)
        await uow.commit()
    amendment = next(a for a in trade.amendments if a.id == command.amendment_id)
    return amendment_view(trade, amendment)
