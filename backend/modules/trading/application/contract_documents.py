"""The contract document of a trade: its data from the trade's frozen terms, and the step that issues
the next contract version when an approved amendment changed the terms.

Rendering costs a few hundred milliseconds of CPU, too long to hold the trade's row lock (or, for an
amendment of the quantity, the availability's, which acceptances of the same lot wait for). So the
use cases render first, from an unlocked read (``Prerendered``), and under the locks keep that
document when the terms and version it was rendered for are still the ones to issue; when a
concurrent change moved them, they render again there.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
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
from backend.modules.trading.domain.trade_terms import TradeTerms


@dataclass(frozen=True)
class Prerendered:
    """A contract version rendered before the locks were taken, for the terms the trade had then."""

    terms: TradeTerms
    contract_version: int
    rendered: RenderedContract

    def fits(self, trade: Trade, contract_version: int) -> bool:
        return self.contract_version == contract_version and self.terms == trade.terms


async def prerender(
    ctx: TradingContext, tools: ContractTools, scope: DataScope, trade: Trade, contract_version: int
) -> Prerendered:
    return Prerendered(trade.terms, contract_version, await render_contract(ctx, tools, scope, trade, contract_version))


async def render_under_lock(
    ctx: TradingContext,
    tools: ContractTools,
    scope: DataScope,
    trade: Trade,
    contract_version: int,
    early: Prerendered | None,
) -> RenderedContract:
    """``early``'s document when it is the one to issue, else a fresh rendering."""
    if early is not None and early.fits(trade, contract_version):
        return early.rendered
    return await render_contract(ctx, tools, scope, trade, contract_version)


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
    ctx: TradingContext,
    tools: ContractTools,
    uow: ContractUnitOfWork,
    scope: DataScope,
    trade: Trade,
    now: datetime,
    early: Prerendered | None = None,
) -> None:
    """The trade's current contract (signed or not) is superseded by a version of the amended terms."""
    current = await uow.contracts.current(trade.id, for_update=True)
    if current is None:
        return
    contract = current.contract
    rendered = await render_under_lock(ctx, tools, scope, trade, contract.contract_version + 1, early)
    successor = contract.amend(trade=trade, document=rendered.pdf, now=now)
    await uow.contracts.save(contract)  # superseded first: one current contract per trade
    await uow.contracts.add(successor, rendered)
