"""An amended trade revalues the buyer's exposure and the positions by the difference; a band change
is published; redelivery, an unknown or cancelled trade change nothing; a later cancellation
reverses the amended figures."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.queries.get_exposure import GetExposure, get_exposure
from backend.modules.risk.application.queries.list_positions import ListPositions, list_positions
from tests.fakes.risk import FakeRisk
from tests.fakes.risk_events import partner_approved, staff, trade_amended, trade_cancelled, trade_confirmed
from tests.service.risk.conftest import Deliver

CONSUMER = "risk.on_trade_amended_revalue_risk"


def _crossings(risk: FakeRisk) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in risk.published if e.wire_name == "risk.utilization_band_crossed.v1"]


async def test_an_amendment_revalues_exposure_and_positions_and_publishes_the_band_crossing(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, branch = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "1000000"))
    confirmed = trade_confirmed(tenant, buyer, seller, cotton, amount="400000", gst="20000", branch_id=branch)
    await deliver(confirmed)
    assert _crossings(risk) == []

    amended = trade_amended(confirmed, amount="600000", gst="30000", quantity="2550")
    await deliver(amended, amended)  # the redelivery finds the inbox row

    view = await get_exposure(GetExposure(buyer), staff(tenant), ctx)
    assert (view.exposure, view.band, view.open_trades) == (Decimal("630000"), "yellow", 1)
    [crossing] = _crossings(risk)
    assert (crossing["old_band"], crossing["new_band"], crossing["exposure"]) == ("green", "yellow", "630000")
    [position] = (await list_positions(ListPositions(10), staff(tenant), ctx)).items
    assert (position.long_quantity, position.short_quantity) == (Decimal("2550"), Decimal("2550"))
    assert (position.long_value, position.short_value) == (Decimal("600000"), Decimal("600000"))
    assert (amended.event_id, CONSUMER) in risk.inbox


async def test_an_amendment_down_returns_to_green_and_a_cancellation_reverses_the_amended_figures(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "100000"))
    confirmed = trade_confirmed(tenant, buyer, seller, cotton, amount="95000", gst="4750")
    await deliver(confirmed, trade_amended(confirmed, amount="40000", gst="2000", quantity="700"))

    view = await get_exposure(GetExposure(buyer), staff(tenant), ctx)
    assert (view.exposure, view.band) == (Decimal("42000"), "green")
    assert [(c["old_band"], c["new_band"]) for c in _crossings(risk)] == [("green", "red"), ("red", "green")]

    await deliver(trade_cancelled(confirmed))
    assert (await get_exposure(GetExposure(buyer), staff(tenant), ctx)).exposure == Decimal(0)
    [position] = (await list_positions(ListPositions(10), staff(tenant), ctx)).items
    assert (position.long_quantity, position.long_value, position.short_value) == (Decimal(0),) * 3


async def test_an_amendment_of_an_unknown_or_cancelled_trade_changes_nothing(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "1000000"))
    unknown = trade_confirmed(tenant, buyer, seller, cotton, amount="1000", gst="50")
    await deliver(trade_amended(unknown, amount="2000", gst="100", quantity="3400"))
    cancelled = trade_confirmed(tenant, buyer, seller, cotton, amount="1000", gst="50")
    late = trade_amended(cancelled, amount="9000", gst="450", quantity="17000")
    await deliver(cancelled, trade_cancelled(cancelled), late)

    view = await get_exposure(GetExposure(buyer), staff(tenant), ctx)
    assert (view.exposure, view.open_trades) == (Decimal(0), 0)
    [position] = (await list_positions(ListPositions(10), staff(tenant), ctx)).items
    assert (position.long_quantity, position.long_value) == (Decimal(0), Decimal(0))
