"""Risk hears finance: payments lower the buyer's exposure exactly, reversals raise it back, a
settled trade stops counting as unsettled (circular trading) and a reopened one counts again."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.core.principal import DataScope
from backend.modules.finance.application.commands.reverse_payment import ReversePayment, reverse_payment
from backend.modules.risk.application.facade import RiskFacadeService
from backend.modules.risk.application.queries.get_exposure import GetExposure, get_exposure
from backend.modules.risk.application.trade_records import TradeRecordStatus
from backend.modules.risk.domain.errors import CircularTradingRefused
from tests.fakes.risk_events import partner_approved, staff, trade_amended, trade_cancelled
from tests.service.finance.conftest import Books


async def _exposure(books: Books, partner: uuid.UUID) -> tuple[Decimal, str, int]:
    view = await get_exposure(GetExposure(partner), staff(books.tenant), books.risk_ctx)
    return view.exposure, view.band, view.open_trades


def _crossings(books: Books) -> list[tuple[str, str]]:
    return [
        (e.model_dump()["old_band"], e.model_dump()["new_band"])
        for e in books.risk.published
        if e.wire_name == "risk.utilization_band_crossed.v1"
    ]


async def _may_sell(books: Books, partner: uuid.UUID, commodity: uuid.UUID) -> bool:
    facade = RiskFacadeService(books.risk_ctx, DataScope(books.tenant))
    try:
        await facade.ensure_posting_allowed(partner, commodity, "sell")
    except CircularTradingRefused:
        return False
    return True


async def test_payments_release_exposure_and_settlement_frees_the_buyer(books: Books) -> None:
    buyer, cotton = uuid.uuid4(), uuid.uuid4()
    await books.deliver(partner_approved(books.tenant, buyer, "200000"))
    confirmed = await books.trade(amount="100000", gst="5000", buyer=buyer, commodity=cotton)
    assert await _exposure(books, buyer) == (Decimal("105000"), "yellow", 1)
    assert not await _may_sell(books, buyer, cotton)

    first = await books.pay(confirmed.trade_id, "60000.50")
    assert await books.relay() == ["finance.payment_received.v1"]
    assert await _exposure(books, buyer) == (Decimal("44999.50"), "green", 1)
    assert _crossings(books) == [("green", "yellow"), ("yellow", "green")]
    assert not await _may_sell(books, buyer, cotton)  # still unsettled

    await books.pay(confirmed.trade_id, "44999.50")
    assert await books.relay() == ["finance.payment_received.v1", "finance.receivable_settled.v1"]
    assert await _exposure(books, buyer) == (Decimal(0), "green", 0)
    assert books.risk.stores.trades[confirmed.trade_id].status is TradeRecordStatus.SETTLED
    assert await _may_sell(books, buyer, cotton)

    checker = books.clerk()
    await reverse_payment(ReversePayment(first.payment.id, "cheque returned unpaid"), checker, books.ctx)
    assert await books.relay() == ["finance.payment_reversed.v1", "finance.receivable_reopened.v1"]
    assert await _exposure(books, buyer) == (Decimal("60000.50"), "green", 1)
    assert books.risk.stores.trades[confirmed.trade_id].status is TradeRecordStatus.OPEN
    assert not await _may_sell(books, buyer, cotton)

    before = len(books.risk.published)
    await books.deliver(*books.finance.published)  # everything redelivered: the inbox knows it all
    assert await _exposure(books, buyer) == (Decimal("60000.50"), "green", 1)
    assert len(books.risk.published) == before


async def test_a_reversal_on_an_unsettled_trade_raises_exposure_by_its_amount(books: Books) -> None:
    buyer = uuid.uuid4()
    await books.deliver(partner_approved(books.tenant, buyer, "1000000"))
    confirmed = await books.trade(amount="1000", gst="50", buyer=buyer)
    paid = await books.pay(confirmed.trade_id, "400.25")
    await books.relay()
    assert (await _exposure(books, buyer))[0] == Decimal("649.75")
    await reverse_payment(ReversePayment(paid.payment.id, "wrong credit"), books.clerk(), books.ctx)
    assert await books.relay() == ["finance.payment_reversed.v1"]
    assert (await _exposure(books, buyer))[0] == Decimal("1050")


async def test_an_amendment_of_a_settled_trade_reopens_it_with_finances_figures(books: Books) -> None:
    buyer = uuid.uuid4()
    await books.deliver(partner_approved(books.tenant, buyer, "1000000"))
    confirmed = await books.trade(amount="1000", gst="0", buyer=buyer)
    await books.pay(confirmed.trade_id, "1000")
    await books.relay()
    assert await _exposure(books, buyer) == (Decimal(0), "green", 0)

    await books.deliver(trade_amended(confirmed, amount="1500", gst="0", quantity="1700"))
    assert await books.relay() == ["finance.receivable_reopened.v1"]
    assert await _exposure(books, buyer) == (Decimal("500"), "green", 1)
    assert books.risk.stores.trades[confirmed.trade_id].status is TradeRecordStatus.OPEN


async def test_a_settled_trade_cancelled_later_still_reverses_its_positions(books: Books) -> None:
    buyer = uuid.uuid4()
    await books.deliver(partner_approved(books.tenant, buyer, "1000000"))
    confirmed = await books.trade(amount="1000", gst="0", buyer=buyer, quantity="1700")
    await books.pay(confirmed.trade_id, "1000")
    await books.relay()
    await books.deliver(trade_cancelled(confirmed))
    assert books.risk.stores.trades[confirmed.trade_id].status is TradeRecordStatus.CANCELLED
    [position] = books.risk.stores.positions.values()
    assert (position.long_quantity, position.short_quantity) == (Decimal(0), Decimal(0))
    assert await _exposure(books, buyer) == (Decimal(0), "green", 0)


@pytest.mark.parametrize("settle_first", [False, True])
async def test_finance_news_of_a_trade_risk_never_counted_changes_nothing(books: Books, settle_first: bool) -> None:
    confirmed = await books.trade(amount="100", gst="0")
    books.risk.stores.trades.clear()  # as if risk had never heard of the trade
    await books.pay(confirmed.trade_id, "100" if settle_first else "50")
    await books.relay()
    assert books.risk.stores.trades == {}
