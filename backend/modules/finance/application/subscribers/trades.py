"""Trades from the trading context: a receivable opens when a trade is confirmed, follows its
amendments and closes when it is cancelled.

The payer is the buyer; the invoice amount is the trade amount plus its GST (CGST + SGST, or IGST),
each already rounded to the currency's minor unit by trading, so the sum is exact.
"""

from __future__ import annotations

from backend.contracts.trading.events import TradeAmendedV1, TradeCancelledV1, TradeConfirmedV1
from backend.core.clock import utc_now
from backend.modules.finance.application.ports import FinanceUnitOfWork
from backend.modules.finance.domain.money import total
from backend.modules.finance.domain.receivable import Receivable


async def on_trade_confirmed_open_receivable(event: TradeConfirmedV1, uow: FinanceUnitOfWork) -> None:
    if await uow.receivables.get(event.trade_id, for_update=True) is not None:
        return  # opened already (the same trade announced twice)
    receivable = Receivable.open(
        trade_id=event.trade_id,
        tenant_id=event.tenant_id,
        trade_number=event.trade_number,
        payer_partner_id=event.buyer_partner_id,
        seller_partner_id=event.seller_partner_id,
        # the branch holding the payer collects from it (older events name only a shared branch)
        branch_id=event.buyer_branch_id or event.branch_id,
        currency=event.currency,
        invoice_amount=total(event.currency, event.amount, event.cgst, event.sgst, event.igst),
        now=utc_now(),
        commodity_id=event.commodity_id,
    )
    await uow.receivables.add(receivable)


async def on_trade_amended_revalue_receivable(event: TradeAmendedV1, uow: FinanceUnitOfWork) -> None:
    """Older terms than those followed already (a late redelivery) change nothing."""
    receivable = await uow.receivables.get(event.trade_id, for_update=True)
    if receivable is None:
        return  # never opened here: nothing is owed on it
    invoice = total(receivable.currency, event.amount, event.cgst, event.sgst, event.igst)
    if receivable.revalue(invoice, event.terms_version, utc_now()):
        await uow.receivables.save(receivable)


async def on_trade_cancelled_close_receivable(event: TradeCancelledV1, uow: FinanceUnitOfWork) -> None:
    receivable = await uow.receivables.get(event.trade_id, for_update=True)
    if receivable is not None and receivable.cancel(utc_now()):
        await uow.receivables.save(receivable)
