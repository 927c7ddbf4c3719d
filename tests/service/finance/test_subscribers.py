"""Finance's subscribers: a receivable per confirmed trade, following amendments and cancellation,
each reaction once per event (the inbox)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.modules.finance.application.subscribers import CONSUMERS
from backend.modules.finance.application.subscribers.registration import in_event_tenant
from backend.modules.finance.domain.enums import ReceivableStatus
from tests.fakes.risk_events import trade_amended, trade_cancelled, trade_confirmed
from tests.service.finance.conftest import Books


def test_every_reaction_is_subscribed_under_its_name(books: Books) -> None:
    finance = {(s.wire_name, s.consumer) for s in books.bus.subscriptions() if s.consumer.startswith("finance.")}
    assert finance == {(event.wire_name, consumer) for event, consumer, _ in CONSUMERS}
    assert {wire for wire, _ in finance} == {
        "trading.trade_confirmed.v1",
        "trading.trade_amended.v1",
        "trading.trade_cancelled.v1",
    }


async def test_a_confirmed_trade_opens_its_receivable_once(books: Books) -> None:
    confirmed = await books.trade(amount="100000.50", gst="5000.04")
    await books.deliver(confirmed)  # redelivered: the inbox knows it
    await books.deliver(confirmed.model_copy(update={"event_id": uuid.uuid4()}))  # announced twice
    [receivable] = books.finance.receivables.values()
    assert (receivable.trade_id, receivable.payer_partner_id, receivable.seller_partner_id) == (
        confirmed.trade_id,
        confirmed.buyer_partner_id,
        confirmed.seller_partner_id,
    )
    assert (receivable.invoice_amount, receivable.currency, receivable.status) == (
        Decimal("105000.54"),
        "INR",
        ReceivableStatus.OPEN,
    )
    assert (confirmed.event_id, "finance.on_trade_confirmed_open_receivable") in books.finance.inbox
    assert books.finance.published == []  # opening publishes nothing


async def test_an_amendment_revalues_and_a_stale_one_changes_nothing(books: Books) -> None:
    confirmed = await books.trade(amount="1000", gst="50")
    await books.pay(confirmed.trade_id, "800")
    await books.deliver(trade_amended(confirmed, amount="700", gst="0", quantity="1000", terms_version=2))
    receivable = books.finance.receivables[confirmed.trade_id]
    assert (receivable.invoice_amount, receivable.outstanding, receivable.credit, receivable.status) == (
        Decimal("700"),
        0,
        Decimal("100.00"),
        ReceivableStatus.SETTLED,
    )
    await books.deliver(trade_amended(confirmed, amount="9000", gst="0", quantity="1000", terms_version=2))
    assert books.finance.receivables[confirmed.trade_id].invoice_amount == Decimal("700")
    assert books.finance.wire_names() == ["finance.payment_received.v1", "finance.receivable_settled.v1"]


async def test_a_cancelled_trade_closes_its_receivable(books: Books) -> None:
    confirmed = await books.trade()
    await books.deliver(trade_cancelled(confirmed), trade_cancelled(confirmed))
    assert books.finance.receivables[confirmed.trade_id].status is ReceivableStatus.CANCELLED
    unknown = trade_confirmed(books.tenant, uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    await books.deliver(trade_cancelled(unknown), trade_amended(unknown, amount="1", gst="0", quantity="1"))
    assert unknown.trade_id not in books.finance.receivables


async def test_a_handler_refuses_an_event_it_does_not_handle(books: Books) -> None:
    event, consumer, react = CONSUMERS[0]
    handle = in_event_tenant(event, consumer, books.finance.uow, react)
    confirmed = trade_confirmed(books.tenant, uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    with pytest.raises(TypeError, match=r"handles trading\.trade_confirmed\.v1"):
        await handle(trade_cancelled(confirmed))
