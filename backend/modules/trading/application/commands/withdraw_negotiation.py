"""Either party walks away from an open negotiation; its pending offer is withdrawn with it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.commands.reject_offer import close_match
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import NEGOTIATE, acting_party, load_negotiation
from backend.modules.trading.application.deal_views import NegotiationView, present_negotiation


@dataclass(frozen=True)
class WithdrawNegotiation:
    negotiation_id: uuid.UUID
    reason: str = ""
    acting_for_partner_id: uuid.UUID | None = None


async def withdraw_negotiation(command: WithdrawNegotiation, actor: Principal, ctx: TradingContext) -> NegotiationView:
    scope = tenant_scope(actor)
    async with ctx.uow(scope) as uow:
        negotiation = await load_negotiation(uow, command.negotiation_id, actor, permission=NEGOTIATE, for_update=True)
        by = acting_party(actor, command.acting_for_partner_id)
        negotiation.withdraw(by_partner_id=by, reason=command.reason, now=ctx.now())
        await uow.negotiations.save(negotiation)
        await close_match(uow, negotiation)
        await uow.commit()
    return await present_negotiation(ctx.partners(scope), negotiation)
