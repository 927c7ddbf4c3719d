"""Trades from the trading context: exposure of the buyer and the tenant's positions.

Exposure counts what the buyer will be invoiced, the trade amount plus its GST, since that is what
it owes until it pays. Positions count the goods: quantity in the commodity's base unit and value
before tax, the buyer's side as long and the seller's as short, in the branch the trade is booked in.
A cancelled trade is reversed with the figures recorded when it was confirmed. The credit reservation
the booking held (if the event names one) is consumed as the trade starts counting.
"""

from __future__ import annotations

from backend.contracts.trading.events import TradeCancelledV1, TradeConfirmedV1
from backend.core.clock import utc_now
from backend.core.errors import FieldError
from backend.modules.risk.application.loading import limit_in
from backend.modules.risk.application.ports import BandsSource, RiskUnitOfWork
from backend.modules.risk.application.trade_records import TradeRecord
from backend.modules.risk.domain.amounts import exact_sum
from backend.modules.risk.domain.enums import Side
from backend.modules.risk.domain.errors import InvalidRiskInput
from backend.modules.risk.domain.positions import Position


def _record(event: TradeConfirmedV1) -> TradeRecord:
    return TradeRecord(
        trade_id=event.trade_id,
        tenant_id=event.tenant_id,
        trade_number=event.trade_number,
        buyer_partner_id=event.buyer_partner_id,
        seller_partner_id=event.seller_partner_id,
        commodity_id=event.commodity_id,
        branch_id=event.branch_id,
        quantity=event.quantity,
        unit=event.unit,
        price=event.price,
        currency=event.currency,
        amount=event.amount,
        tax=exact_sum(event.cgst, event.sgst, event.igst),
        confirmed_at=event.occurred_at,
    )


def _same_unit(position: Position, unit: str) -> None:
    if position.unit != unit:
        message = f"this position is kept in {position.unit}, not {unit} (quantities travel in the base unit)"
        raise InvalidRiskInput([FieldError("unit", message)])


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
    position = await uow.positions.locked(record.branch_id, record.commodity_id, record.currency, record.unit)
    _same_unit(position, record.unit)
    position.apply_trade(Side.BUY, record.quantity, record.amount, currency=record.currency)
    position.apply_trade(Side.SELL, record.quantity, record.amount, currency=record.currency)
    await uow.positions.save(position)


async def on_trade_cancelled_release_exposure(event: TradeCancelledV1, uow: RiskUnitOfWork, bands: BandsSource) -> None:
    record = await uow.trades.get(event.trade_id, for_update=True)
    if record is None or not record.open:
        return  # never booked here, or already reversed
    await _rebanded_exposure(uow, record, bands, open_=False)
    position = await uow.positions.locked(record.branch_id, record.commodity_id, record.currency, record.unit)
    position.reverse_trade(Side.BUY, record.quantity, record.amount, currency=record.currency)
    position.reverse_trade(Side.SELL, record.quantity, record.amount, currency=record.currency)
    await uow.positions.save(position)
    record.cancel()
    await uow.trades.save(record)
