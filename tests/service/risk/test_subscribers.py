"""Risk's subscribers: named after their reaction, idempotent through the inbox, all-or-nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.core.messaging.bus import DeliveryFailed, InProcessBus
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.queries.get_exposure import GetExposure, get_exposure
from backend.modules.risk.application.subscribers import CONSUMERS
from backend.modules.risk.application.subscribers.registration import idempotent_in_tenant
from tests.fakes.risk import FakeRisk
from tests.fakes.risk_events import partner_approved, staff, trade_confirmed
from tests.service.risk.conftest import Deliver


def test_every_reaction_is_subscribed_under_its_name(bus: InProcessBus) -> None:
    assert {(s.wire_name, s.consumer) for s in bus.subscriptions()} == {
        (event.wire_name, consumer) for event, consumer, _ in CONSUMERS
    }
    assert {wire for wire, _ in {(s.wire_name, s.consumer) for s in bus.subscriptions()}} == {
        "partners.partner_approved.v1",
        "partners.amendment_approved.v1",
        "trading.trade_confirmed.v1",
        "trading.trade_cancelled.v1",
        "trading.trade_amended.v1",
        "finance.payment_received.v1",
        "finance.payment_reversed.v1",
        "finance.receivable_settled.v1",
        "finance.receivable_reopened.v1",
    }
    assert all(consumer.startswith("risk.on_") for _, consumer, _ in CONSUMERS)


async def test_a_failing_reaction_writes_nothing_and_its_retry_runs_again(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(
        partner_approved(tenant, buyer), trade_confirmed(tenant, buyer, seller, cotton, amount="1000", gst="50")
    )
    in_bales = trade_confirmed(tenant, buyer, seller, cotton, amount="5000", unit="BALE")  # not the base unit

    with pytest.raises(DeliveryFailed):
        await deliver(in_bales)
    with pytest.raises(DeliveryFailed):
        await deliver(in_bales)

    assert (await get_exposure(GetExposure(buyer), staff(tenant), ctx)).exposure == Decimal("1050")
    assert len(risk.stores.trades) == 1
    assert (in_bales.event_id, "risk.on_trade_confirmed_book_risk") not in risk.inbox


async def test_a_handler_refuses_an_event_it_does_not_handle(risk: FakeRisk, ctx: RiskContext) -> None:
    event, consumer, react = CONSUMERS[0]
    handle = idempotent_in_tenant(event, consumer, risk.uow, ctx.bands, react)
    with pytest.raises(TypeError, match=r"handles partners\.partner_approved\.v1"):
        await handle(trade_confirmed(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()))
