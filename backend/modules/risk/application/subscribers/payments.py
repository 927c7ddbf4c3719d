"""Payments from the finance context: the buyer's exposure falls as it pays and rises back when a
payment is reversed; a settled trade stops counting as unsettled (circular trading) and leaves the
exposure, and comes back to both when finance reopens it.

Exposure is ``invoice - paid`` per open trade, so a payment lowers it by exactly its amount and a
reversal raises it by exactly as much; a changed band is published as
``risk.utilization_band_crossed``. The trade record is locked before the exposure, as everywhere.
A trade risk never counted (or no longer counts, once cancelled) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from backend.contracts.finance.events import (
    PaymentReceivedV1,
    PaymentReversedV1,
    ReceivableReopenedV1,
    ReceivableSettledV1,
)
from backend.modules.risk.application.loading import limit_in
from backend.modules.risk.application.ports import BandsSource, RiskUnitOfWork
from backend.modules.risk.application.trade_records import TradeRecord
from backend.modules.risk.domain.exposure import Exposure


async def _exposure_change(
    uow: RiskUnitOfWork, record: TradeRecord, bands: BandsSource, change: Callable[[Exposure], bool]
) -> None:
    exposure = await uow.exposures.locked(record.buyer_partner_id, record.currency)
    if not change(exposure):
        return
    limit = await uow.credit_limits.get(record.buyer_partner_id)
    exposure.refresh_band(limit_in(limit, record.currency), await bands.for_tenant(record.tenant_id))
    await uow.exposures.save(exposure)


async def _standing(uow: RiskUnitOfWork, event: PaymentReceivedV1 | PaymentReversedV1) -> TradeRecord | None:
    record = await uow.trades.get(event.trade_id, for_update=True)
    return record if record is not None and record.open else None


async def on_payment_received_release_exposure(
    event: PaymentReceivedV1, uow: RiskUnitOfWork, bands: BandsSource
) -> None:
    if (record := await _standing(uow, event)) is not None:
        await _exposure_change(uow, record, bands, lambda e: e.record_payment(record.trade_id, event.amount))


async def on_payment_reversed_restore_exposure(
    event: PaymentReversedV1, uow: RiskUnitOfWork, bands: BandsSource
) -> None:
    """A trade settled before the reversal is not counted now; ``receivable_reopened`` (published
    with the reversal) counts it again with finance's figures."""
    if (record := await _standing(uow, event)) is not None:
        await _exposure_change(uow, record, bands, lambda e: e.reverse_payment(record.trade_id, event.amount))


async def _restated(
    uow: RiskUnitOfWork, event: ReceivableSettledV1 | ReceivableReopenedV1, restate: Callable[[TradeRecord], bool]
) -> TradeRecord | None:
    """The trade record after ``restate`` changed it (saved); None when it did not (never booked here,
    cancelled, or in that state already)."""
    record = await uow.trades.get(event.trade_id, for_update=True)
    if record is None or not restate(record):
        return None
    await uow.trades.save(record)
    return record


async def on_receivable_settled_settle_trade(
    event: ReceivableSettledV1, uow: RiskUnitOfWork, bands: BandsSource
) -> None:
    if (record := await _restated(uow, event, TradeRecord.settle)) is not None:
        await _exposure_change(uow, record, bands, lambda e: e.close_trade(record.trade_id))


async def on_receivable_reopened_reopen_trade(
    event: ReceivableReopenedV1, uow: RiskUnitOfWork, bands: BandsSource
) -> None:
    if (record := await _restated(uow, event, TradeRecord.reopen)) is not None:
        reopen = record.trade_id, event.invoice_amount, event.paid
        await _exposure_change(uow, record, bands, lambda e: e.reopen_trade(*reopen))
