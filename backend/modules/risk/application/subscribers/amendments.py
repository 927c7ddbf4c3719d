"""Amended trades from the trading context: the buyer's exposure and the positions are revalued.

The trade record holds the figures risk applied (at confirmation or the last amendment), so the
revaluation reverses exactly those and applies the amended ones: positions move by the difference,
the buyer's exposure counts the new invoice value (payments made so far still count), and a changed
band is published as ``risk.utilization_band_crossed``.
"""

from __future__ import annotations

from backend.contracts.trading.events import TradeAmendedV1
from backend.core.errors import FieldError
from backend.modules.risk.application.loading import limit_in
from backend.modules.risk.application.ports import BandsSource, RiskUnitOfWork
from backend.modules.risk.application.position_book import rebook_trade
from backend.modules.risk.application.trade_records import TradeRecord
from backend.modules.risk.domain.amounts import exact_sum
from backend.modules.risk.domain.errors import InvalidRiskInput


def _same_terms(record: TradeRecord, event: TradeAmendedV1) -> bool:
    tax = exact_sum(event.cgst, event.sgst, event.igst)
    return (record.quantity, record.price, record.amount, record.tax) == (
        event.quantity,
        event.price,
        event.amount,
        tax,
    )


async def on_trade_amended_revalue_risk(event: TradeAmendedV1, uow: RiskUnitOfWork, bands: BandsSource) -> None:
    record = await uow.trades.get(event.trade_id, for_update=True)
    if record is None or not record.open or _same_terms(record, event):
        return  # never booked here, cancelled since (nothing counts it), or these terms are counted
    if record.unit != event.unit or record.currency != event.currency:
        message = f"the trade is counted in {record.unit} and {record.currency}, not {event.unit} and {event.currency}"
        raise InvalidRiskInput([FieldError("unit", message)])
    old_quantity, old_amount = record.quantity, record.amount
    record.amend(
        quantity=event.quantity,
        price=event.price,
        amount=event.amount,
        tax=exact_sum(event.cgst, event.sgst, event.igst),
    )

    exposure = await uow.exposures.locked(record.buyer_partner_id, record.currency)
    exposure.revalue_trade(record.trade_id, record.invoice_amount)
    limit = await uow.credit_limits.get(record.buyer_partner_id)
    exposure.refresh_band(limit_in(limit, record.currency), await bands.for_tenant(record.tenant_id))
    await uow.exposures.save(exposure)

    await rebook_trade(uow, record, old_quantity, old_amount)
    await uow.trades.save(record)
