"""The counterparty approves a pending amendment: the trade's next terms version takes effect.

In one transaction: the trade's row is locked and the domain approves (the requester cannot); a
changed quantity moves the availability's sold quantity and the requirement's fulfilment under
their row locks (selling more than is available, or more than the buyer still wants, is a 409 and
nothing changes); a higher invoice value is checked against the buyer's credit; the trade's contract,
if one was issued, is superseded by a version of the new terms (rendered before the locks are taken,
see ``contract_documents``); ``trading.trade_amended.v1`` goes to the outbox with the old and new
amounts and taxes.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from datetime import datetime

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.contract_documents import Prerendered, prerender, reissue_after_amendment
from backend.modules.trading.application.contract_ports import ContractTools
from backend.modules.trading.application.deal_access import AMEND, DealNotFound, acting_party, load_trade
from backend.modules.trading.application.deal_views import TradeView, trade_view
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.trade import Trade


@dataclass(frozen=True)
class ApproveTradeAmendment:
    trade_id: uuid.UUID
    amendment_id: uuid.UUID
    acting_for_partner_id: uuid.UUID | None = None


async def approve_trade_amendment(command: ApproveTradeAmendment, actor: Principal, ctx: TradingContext) -> TradeView:
    scope, now, tools = tenant_scope(actor), ctx.now(), ctx.contracts
    if tools is None:
        async with ctx.uow(scope) as uow:
            trade = await _approve(command, actor, ctx, uow, now)
            await uow.commit()
        return trade_view(trade)
    early = await _prerender_amended(command, actor, ctx, tools, now)
    async with tools.uow(scope) as contract_uow:
        trade = await _approve(command, actor, ctx, contract_uow, now)
        await reissue_after_amendment(ctx, tools, contract_uow, scope, trade, now, early)
        await contract_uow.commit()
    return trade_view(trade)


async def _prerender_amended(
    command: ApproveTradeAmendment, actor: Principal, ctx: TradingContext, tools: ContractTools, now: datetime
) -> Prerendered | None:
    """The next contract version rendered from an unlocked read, the approval applied to a copy (its
    refusals are the ones the locked approval would give); None when no contract was issued yet."""
    scope = tenant_scope(actor)
    async with tools.uow(scope) as uow:
        trade = await load_trade(uow, command.trade_id, actor, permission=AMEND)
        current = await uow.contracts.current(trade.id)
    if current is None:
        return None
    amended = copy.deepcopy(trade)
    amended.approve_amendment(
        command.amendment_id, by_partner_id=acting_party(actor, command.acting_for_partner_id), now=now
    )
    return await prerender(ctx, tools, scope, amended, current.contract.contract_version + 1)


async def _approve(
    command: ApproveTradeAmendment, actor: Principal, ctx: TradingContext, uow: TradingUnitOfWork, now: datetime
) -> Trade:
    trade = await load_trade(uow, command.trade_id, actor, permission=AMEND, for_update=True)
    by = acting_party(actor, command.acting_for_partner_id)
    previous = trade.terms
    terms = trade.approve_amendment(command.amendment_id, by_partner_id=by, now=now)
    if (change := terms.quantity - previous.quantity) != 0:
        # the same lock order as booking: availability, then requirement
        availability = await uow.availabilities.get(trade.availability_id, for_update=True)
        requirement = await uow.requirements.get(trade.requirement_id, for_update=True)
        if availability is None or requirement is None:
            raise DealNotFound("trade", trade.id)
        availability.amend_sold(change)
        requirement.amend_fulfilment(change)
        await uow.availabilities.save(availability)
        await uow.requirements.save(requirement)
    if ctx.risk_facade is not None and terms.total > previous.total:
        await ctx.risk_facade(tenant_scope(actor)).ensure_within_limit(
            trade.buyer_partner_id, terms.total - previous.total, terms.price.currency
        )
    await uow.trades.save(trade, by=actor.user_id)
    return trade
