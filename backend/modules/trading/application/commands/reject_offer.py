"""Refuse the other party's latest offer: the negotiation ends and its match closes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import NEGOTIATE, DealNotFound, acting_party, load_negotiation
from backend.modules.trading.application.deal_views import NegotiationView, present_negotiation
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.errors import NoOfferToAnswer
from backend.modules.trading.domain.negotiation import Negotiation


@dataclass(frozen=True)
class RejectOffer:
    negotiation_id: uuid.UUID
    offer_id: uuid.UUID
    reason: str = ""
    acting_for_partner_id: uuid.UUID | None = None


async def close_match(uow: TradingUnitOfWork, negotiation: Negotiation) -> None:
    """A negotiation that ended without a deal closes its match (one negotiation per match)."""
    match = await uow.matches.get(negotiation.match_id, for_update=True)
    if match is not None and match.close():
        await uow.matches.save(match)


async def reject_offer(command: RejectOffer, actor: Principal, ctx: TradingContext) -> NegotiationView:
    scope = tenant_scope(actor)
    async with ctx.uow(scope) as uow:
        negotiation = await load_negotiation(uow, command.negotiation_id, actor, permission=NEGOTIATE, for_update=True)
        by = acting_party(actor, command.acting_for_partner_id)
        if all(offer.id != command.offer_id for offer in negotiation.offers):
            raise DealNotFound("offer", command.offer_id)
        latest = negotiation.latest_offer
        if latest is not None and latest.id != command.offer_id:
            raise NoOfferToAnswer()
        negotiation.reject(by_partner_id=by, reason=command.reason, now=ctx.now())
        await uow.negotiations.save(negotiation)
        await close_match(uow, negotiation)
        await uow.commit()
    return await present_negotiation(ctx.partners(scope), negotiation)
