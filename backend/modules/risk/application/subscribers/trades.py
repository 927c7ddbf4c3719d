"""Trades from the trading context: exposure of the buyer and the tenant's positions.

Exposure counts what the buyer will be invoiced, the trade amount plus its GST, since that is what
it owes until it pays. Positions count the goods: quantity in the commodity's base unit and value
before tax, the buyer's side as long in the buyer's branch and the seller's as short in the seller's.
A cancelled trade is reversed with the figures recorded when it was confirmed. The credit reservation
the booking held (if the event names one) is consumed as the trade starts counting.
"""

from __future__ import annotations

from backend.contracts.trading.events import TradeCancelledV1, TradeConfirmedV1
from backend.core.clock import utc_now
from backend.modules.risk.application.loading import limit_in
from backend.modules.risk.application.ports import BandsSource, RiskUnitOfWork
from backend.modules.risk.application.position_book import book_trade, unbook_trade
from backend.modules.risk.application.trade_records import TradeRecord
from backend.modules.risk.domain.amounts import exact_sum


def _record(event: TradeConfirmedV1) -> TradeRecord:
    return TradeRecord(
        trade_id=event.trade_id,
        tenant_id=event.tenant_id,
        trade_number=event.trade_number,
        buyer_partner_id=event.buyer_partner_id,
        seller_partner_id=event.seller_partner_id,
        commodity_id=event.commodity_id,
        buyer_branch_id=event.buyer_branch_id,
        seller_branch_id=event.seller_branch_id,
        quantity=event.quantity,
        unit=event.unit,
        price=event.price,
        currency=event.currency,
        amount=event.amount,
        tax=exact_sum(event.cgst, event.sgst, event.igst),
        confirmed_at=event.occurred_at,
    )


async def _consume_reservation(uow: RiskUnitOfWork, event: TradeConfirmedV1) -> None:
    # under the exposure lock, in the transaction that counts the trade: the amount moves from the
    # reservation to the exposure exactly once
    if event.credit_reservation_id is None:
        return
    reservation = await uow.reservations.get(event.credit_reservation_id, for_update=True)
    if reservation is not None and reservation.consume(event.trade_id, utc_now()):
        await uow.reservations.save(reservation)


async def _rebanded_exposure(
    uow: RiskUnitOfWork, record: TradeRecord, bands: BandsSource, *, open_: bool, event: TradeConfirmedV1 | None = None
) -> None:
    exposure = await uow.exposures.locked(record.buyer_partner_id, record.currency)
    if event is not None:
        await _consume_reservation(uow, event)
    if open_:
        exposure.open_trade(record.trade_id, record.invoice_amount)
    else:
        exposure.close_trade(record.trade_id)
    limit = await uow.credit_limits.get(record.buyer_partner_id)
    exposure.refresh_band(limit_in(limit, record.currency), await bands.for_tenant(record.tenant_id))
    await uow.exposures.save(exposure)


async def on_trade_confirmed_book_risk(event: TradeConfirmedV1, uow: RiskUnitOfWork, bands: BandsSource) -> None:
    if await uow.trades.get(event.trade_id, for_update=True) is not None:
        return  # booked already (the same trade announced twice)
    record = _record(event)
    await uow.trades.add(record)
    await _rebanded_exposure(uow, record, bands, open_=True, event=event)
    await book_trade(uow, record)


async def on_trade_cancelled_release_exposure(event: TradeCancelledV1, uow: RiskUnitOfWork, bands: BandsSource) -> None:
    record = await uow.trades.get(event.trade_id, for_update=True)
    if record is None or not record.open:
        return  # never booked here, or already reversed
    await _rebanded_exposure(uow, record, bands, open_=False)
    await unbook_trade(uow, record)
    record.cancel()
    await uow.trades.save(record)
