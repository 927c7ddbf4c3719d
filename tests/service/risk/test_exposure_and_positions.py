"""Trades grow the buyer's exposure (amount plus GST) and the tenant's positions; crossing a band
publishes it; a cancellation reverses exactly what the confirmation booked; redelivery is a no-op."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from backend.core.errors import Forbidden
from backend.modules.risk.application.commands.approve_limit_change import ApproveLimitChange, approve_limit_change
from backend.modules.risk.application.commands.request_limit_change import RequestLimitChange, request_limit_change
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.errors import RiskRecordNotFound
from backend.modules.risk.application.queries.get_exposure import GetExposure, get_exposure
from backend.modules.risk.application.queries.list_positions import ListPositions, list_positions
from tests.fakes.risk import FakeRisk
from tests.fakes.risk_events import partner_approved, partner_user, staff, trade_cancelled, trade_confirmed
from tests.service.risk.conftest import Deliver


def _crossings(risk: FakeRisk) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in risk.published if e.wire_name == "risk.utilization_band_crossed.v1"]


async def test_a_confirmed_trade_grows_the_buyers_exposure_by_the_invoice_amount(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "1000000"))
    trade = trade_confirmed(tenant, buyer, seller, cotton, amount="400000", gst="20000")
    await deliver(trade, trade)

    view = await get_exposure(GetExposure(buyer), staff(tenant), ctx)
    assert (view.limit, view.exposure, view.available) == (Decimal("1000000"), Decimal("420000"), Decimal("580000"))
    assert (view.utilization, view.band, view.open_trades) == (Decimal("42.00"), "green", 1)
    assert _crossings(risk) == []


async def test_crossing_into_yellow_and_red_is_published_once_each(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "1000000"))
    first = trade_confirmed(tenant, buyer, seller, cotton, amount="500000", gst="0")
    second = trade_confirmed(tenant, buyer, seller, cotton, amount="380000", gst="19000")
    await deliver(first, first, second, second)

    # exactly 50% is yellow; 899000 of 1000000 (89.9%) is still yellow
    [yellow] = _crossings(risk)
    assert (yellow["old_band"], yellow["new_band"], yellow["worsened"]) == ("green", "yellow", True)
    assert (yellow["utilization"], yellow["exposure"], yellow["limit"]) == ("50", "500000", "1000000")
    assert (await get_exposure(GetExposure(buyer), staff(tenant), ctx)).band == "yellow"

    await deliver(trade_confirmed(tenant, buyer, seller, cotton, amount="1000", gst="0"))
    [_, red] = _crossings(risk)
    assert (red["old_band"], red["new_band"], red["utilization"], red["currency"]) == ("yellow", "red", "90", "INR")


async def test_a_cancelled_trade_releases_exposure_and_reverses_positions(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, branch = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "100000"))
    trade = trade_confirmed(tenant, buyer, seller, cotton, amount="95000", gst="4750", branch_id=branch)
    await deliver(trade)
    assert (await get_exposure(GetExposure(buyer), staff(tenant), ctx)).band == "red"

    cancelled = trade_cancelled(trade)
    await deliver(cancelled, cancelled)

    view = await get_exposure(GetExposure(buyer), staff(tenant), ctx)
    assert (view.exposure, view.band, view.open_trades) == (Decimal(0), "green", 0)
    assert [(c["old_band"], c["new_band"]) for c in _crossings(risk)] == [("green", "red"), ("red", "green")]
    [position] = (await list_positions(ListPositions(10), staff(tenant), ctx)).items
    assert (position.long_quantity, position.short_quantity, position.long_value) == (Decimal(0),) * 3


async def test_positions_are_kept_per_branch_and_commodity(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, wheat = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    rajkot, surat = uuid.uuid4(), uuid.uuid4()
    await deliver(
        trade_confirmed(tenant, buyer, seller, cotton, amount="100000", quantity="1700", branch_id=rajkot),
        trade_confirmed(tenant, buyer, seller, cotton, amount="60000", quantity="850", branch_id=rajkot),
        trade_confirmed(tenant, buyer, seller, wheat, amount="30000", quantity="1000", branch_id=surat),
        trade_confirmed(tenant, buyer, seller, wheat, amount="10000", quantity="500"),
    )
    everything = await list_positions(ListPositions(10), staff(tenant), ctx)
    assert len(everything.items) == 3
    assert everything.next_after is None
    [rajkot_cotton] = (await list_positions(ListPositions(10, branch_id=rajkot), staff(tenant), ctx)).items
    assert (rajkot_cotton.commodity_id, rajkot_cotton.unit) == (cotton, "KG")
    assert (rajkot_cotton.long_quantity, rajkot_cotton.short_quantity) == (Decimal("2550"), Decimal("2550"))
    assert (rajkot_cotton.long_value, rajkot_cotton.net_quantity) == (Decimal("160000"), Decimal(0))
    assert rajkot_cotton.average_buy_price == Decimal("62.745098039216")  # 160000 / 2550, to 12 places
    wheat_rows = (await list_positions(ListPositions(10, commodity_id=wheat), staff(tenant), ctx)).items
    assert {p.branch_id for p in wheat_rows} == {surat, None}

    first = await list_positions(ListPositions(2), staff(tenant), ctx)
    second = await list_positions(ListPositions(2, after=first.next_after), staff(tenant), ctx)
    assert [p.id for p in first.items + second.items] == [p.id for p in everything.items]
    assert second.next_after is None


async def test_a_branch_scoped_reader_sees_only_its_branches(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, rajkot, surat = (uuid.uuid4() for _ in range(5))
    await deliver(
        trade_confirmed(tenant, buyer, seller, cotton, branch_id=rajkot),
        trade_confirmed(tenant, buyer, seller, cotton, branch_id=surat),
        trade_confirmed(tenant, buyer, seller, cotton),
    )
    reader = staff(tenant, branches=frozenset({rajkot}))
    assert [p.branch_id for p in (await list_positions(ListPositions(10), reader, ctx)).items] == [rajkot]
    with pytest.raises(Forbidden):
        await list_positions(ListPositions(10, branch_id=surat), reader, ctx)
    with pytest.raises(Forbidden):
        await list_positions(ListPositions(10), partner_user(tenant, buyer), ctx)


async def test_a_commodity_scoped_reader_sees_only_its_commodities(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, wheat, rajkot = (uuid.uuid4() for _ in range(5))
    await deliver(
        trade_confirmed(tenant, buyer, seller, cotton, branch_id=rajkot),
        trade_confirmed(tenant, buyer, seller, wheat, branch_id=rajkot),
        trade_confirmed(tenant, buyer, seller, wheat),
    )
    wheat_desk = staff(tenant, commodities=frozenset({wheat}))
    shown = (await list_positions(ListPositions(10), wheat_desk, ctx)).items
    assert {(p.commodity_id, p.branch_id) for p in shown} == {(wheat, rajkot), (wheat, None)}
    rajkot_wheat = staff(tenant, branches=frozenset({rajkot}), commodities=frozenset({wheat}))
    assert [
        (p.commodity_id, p.branch_id) for p in (await list_positions(ListPositions(10), rajkot_wheat, ctx)).items
    ] == [(wheat, rajkot)]


async def test_a_higher_limit_rebands_the_exposure(
    risk: FakeRisk, ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(
        partner_approved(tenant, buyer, "100000"),
        trade_confirmed(tenant, buyer, seller, cotton, amount="60000", gst="0"),
    )
    change = await request_limit_change(RequestLimitChange(buyer, Decimal("200000"), "grown"), staff(tenant), ctx)
    await approve_limit_change(ApproveLimitChange(buyer, change.id), staff(tenant), ctx)

    assert [(c["old_band"], c["new_band"]) for c in _crossings(risk)] == [("green", "yellow"), ("yellow", "green")]
    assert risk.published[-1].model_dump(mode="json")["limit"] == "200000"


async def test_exposure_reads_follow_partner_scope(ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID) -> None:
    buyer, other, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(trade_confirmed(tenant, buyer, seller, cotton, amount="1000", gst="50"))

    # a buyer without a recorded limit has no credit: its exposure is red, utilization unknown
    view = await get_exposure(GetExposure(buyer), partner_user(tenant, buyer), ctx)
    assert (view.limit, view.exposure, view.utilization, view.band) == (None, Decimal("1050"), None, "red")
    with pytest.raises(RiskRecordNotFound):
        await get_exposure(GetExposure(buyer), partner_user(tenant, other), ctx)
    with pytest.raises(RiskRecordNotFound):
        await get_exposure(GetExposure(other), staff(tenant), ctx)
    with pytest.raises(RiskRecordNotFound):
        await get_exposure(GetExposure(buyer), staff(uuid.uuid4()), ctx)


async def test_exposure_in_a_currency_without_credit_is_listed_apart(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(
        partner_approved(tenant, buyer, "100000"),
        trade_confirmed(tenant, buyer, seller, cotton, amount="1000", gst="0", currency="USD"),
    )
    view = await get_exposure(GetExposure(buyer), staff(tenant), ctx)
    assert (view.currency, view.exposure, view.band) == ("INR", Decimal(0), "green")
    assert [(o.currency, o.exposure, o.open_trades) for o in view.other_currencies] == [("USD", Decimal("1000"), 1)]
