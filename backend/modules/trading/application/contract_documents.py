"""The contract document of a trade: its data from the trade's frozen terms, and the step that issues
the next contract version when an approved amendment changed the terms."""

from __future__ import annotations

import asyncio
from datetime import datetime

from backend.core.principal import DataScope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.contract_ports import (
    ContractDocument,
    ContractParty,
    ContractTools,
    ContractUnitOfWork,
    RenderedContract,
)
from backend.modules.trading.application.deal_views import party_views
from backend.modules.trading.application.facts import load_commodity
from backend.modules.trading.domain.trade import Trade


async def render_contract(
    ctx: TradingContext, tools: ContractTools, scope: DataScope, trade: Trade, contract_version: int
) -> RenderedContract:
    commodity = await load_commodity(ctx.commodities(scope), trade.commodity_id)
    parties = await party_views(ctx.partners(scope), trade.buyer_partner_id, trade.seller_partner_id)
    buyer, seller = parties[trade.buyer_partner_id], parties[trade.seller_partner_id]
    terms = trade.terms
    document = ContractDocument(
        trade_number=trade.number,
        contract_version=contract_version,
        terms_version=terms.version,
        commodity_code=commodity.code,
        buyer=ContractParty(buyer.partner_id, buyer.code, buyer.legal_name),
        seller=ContractParty(seller.partner_id, seller.code, seller.legal_name),
        quantity=terms.quantity,
        unit=trade.unit,
        price=terms.price.amount,
        price_unit=terms.price.unit,
        currency=terms.price.currency,
        amount=terms.amount,
        gst_rate=trade.gst_rate,
        tax_regime=terms.tax.regime,
        cgst=terms.tax.cgst,
        sgst=terms.tax.sgst,
        igst=terms.tax.igst,
        total=terms.total,
        delivery_date=terms.delivery_date,
        payment_terms=trade.payment_terms,
        delivery_terms=trade.delivery_terms,
        ship_to=terms.ship_to,
        bill_to=terms.bill_to,
        ship_from=terms.ship_from,
        booked_at=trade.created_at,
        effective_at=terms.effective_at,
    )
    # a PDF with embedded, shaped and subset fonts costs a few hundred milliseconds of CPU: rendered
    # in a worker thread, the event loop keeps serving other requests meanwhile
    return await asyncio.to_thread(tools.renderer.render, document)


async def reissue_after_amendment(
    ctx: TradingContext, tools: ContractTools, uow: ContractUnitOfWork, scope: DataScope, trade: Trade, now: datetime
) -> None:
    """The trade's current contract (signed or not) is superseded by a version of the amended terms."""
    current = await uow.contracts.current(trade.id, for_update=True)
    if current is None:
        return
    contract = current.contract
    rendered = await render_contract(ctx, tools, scope, trade, contract.contract_version + 1)
    successor = contract.amend(trade=trade, document=rendered.pdf, now=now)
    await uow.contracts.save(contract)  # superseded first: one current contract per trade
    await uow.contracts.add(successor, rendered)
