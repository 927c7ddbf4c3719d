"""A trade between parties of two branches: the buyer's branch is long, the seller's short, and an
amendment or a cancellation moves each side in its own branch only."""

from __future__ import annotations

import uuid
from decimal import Decimal

from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.queries.list_positions import ListPositions, list_positions
from backend.modules.risk.application.views import PositionView
from tests.fakes.risk_events import staff, trade_amended, trade_cancelled, trade_confirmed
from tests.service.risk.conftest import Deliver

ZERO = Decimal(0)


async def _by_branch(ctx: RiskContext, tenant: uuid.UUID) -> dict[uuid.UUID | None, PositionView]:
    return {p.branch_id: p for p in (await list_positions(ListPositions(10), staff(tenant), ctx)).items}


def _figures(p: PositionView) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    return (p.long_quantity, p.long_value, p.short_quantity, p.short_value, p.net_quantity)


async def test_the_buyers_branch_goes_long_and_the_sellers_short(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, rajkot, surat = (uuid.uuid4() for _ in range(5))
    trade = trade_confirmed(
        tenant, buyer, seller, cotton, amount="100000", quantity="1700", buyer_branch_id=rajkot, seller_branch_id=surat
    )
    await deliver(trade, trade)

    positions = await _by_branch(ctx, tenant)
    assert set(positions) == {rajkot, surat}
    assert _figures(positions[rajkot]) == (Decimal(1700), Decimal(100000), ZERO, ZERO, Decimal(1700))
    assert _figures(positions[surat]) == (ZERO, ZERO, Decimal(1700), Decimal(100000), Decimal(-1700))


async def test_an_amendment_and_a_cancellation_move_each_side_in_its_own_branch(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, rajkot = (uuid.uuid4() for _ in range(4))
    # the seller is held at tenant level (no branch)
    trade = trade_confirmed(tenant, buyer, seller, cotton, amount="100000", quantity="1700", buyer_branch_id=rajkot)
    await deliver(trade, trade_amended(trade, amount="50000", gst="2500", quantity="850"))

    positions = await _by_branch(ctx, tenant)
    assert _figures(positions[rajkot]) == (Decimal(850), Decimal(50000), ZERO, ZERO, Decimal(850))
    assert _figures(positions[None]) == (ZERO, ZERO, Decimal(850), Decimal(50000), Decimal(-850))

    await deliver(trade_cancelled(trade))
    assert all(_figures(p) == (ZERO,) * 5 for p in (await _by_branch(ctx, tenant)).values())


async def test_one_branch_holding_both_parties_counts_both_sides(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, seller, cotton, rajkot = (uuid.uuid4() for _ in range(4))
    await deliver(trade_confirmed(tenant, buyer, seller, cotton, amount="1000", quantity="10", branch_id=rajkot))
    [position] = (await _by_branch(ctx, tenant)).values()
    assert _figures(position) == (Decimal(10), Decimal(1000), Decimal(10), Decimal(1000), ZERO)
