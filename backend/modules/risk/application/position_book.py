"""A trade's two sides in the tenant's positions: the buyer's branch is long the goods, the seller's
short. When one branch holds both parties, its position counts both sides (for a brokerage, what its
buyers bought and its sellers sold); the tenant's total is then net zero, as it must be when the
tenant is neither party.

Each affected position is locked once, in one order (by branch id, tenant level first), so two
trades between the same two branches booked at once cannot deadlock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from backend.core.errors import FieldError
from backend.modules.risk.application.ports import RiskUnitOfWork
from backend.modules.risk.application.trade_records import TradeRecord
from backend.modules.risk.domain.enums import Side
from backend.modules.risk.domain.errors import InvalidRiskInput
from backend.modules.risk.domain.positions import Position

Change = Callable[[Position, Side], None]


def _order(branch_id: uuid.UUID | None) -> tuple[bool, str]:
    return (branch_id is not None, str(branch_id or ""))


async def _each_side(uow: RiskUnitOfWork, record: TradeRecord, change: Change) -> None:
    sides: dict[uuid.UUID | None, list[Side]] = {}
    sides.setdefault(record.buyer_branch_id, []).append(Side.BUY)
    sides.setdefault(record.seller_branch_id, []).append(Side.SELL)
    for branch_id in sorted(sides, key=_order):
        position = await uow.positions.locked(branch_id, record.commodity_id, record.currency, record.unit)
        if position.unit != record.unit:
            message = (
                f"this position is kept in {position.unit}, not {record.unit} (quantities travel in the base unit)"
            )
            raise InvalidRiskInput([FieldError("unit", message)])
        for side in sides[branch_id]:
            change(position, side)
        await uow.positions.save(position)


async def book_trade(uow: RiskUnitOfWork, record: TradeRecord) -> None:
    def apply(position: Position, side: Side) -> None:
        position.apply_trade(side, record.quantity, record.amount, currency=record.currency)

    await _each_side(uow, record, apply)


async def unbook_trade(uow: RiskUnitOfWork, record: TradeRecord) -> None:
    """Reverse exactly the figures the record holds (a cancelled trade)."""

    def reverse(position: Position, side: Side) -> None:
        position.reverse_trade(side, record.quantity, record.amount, currency=record.currency)

    await _each_side(uow, record, reverse)


async def rebook_trade(uow: RiskUnitOfWork, record: TradeRecord, old_quantity: Decimal, old_amount: Decimal) -> None:
    """An amended trade: the figures applied before come off, the record's current ones go on."""

    def move(position: Position, side: Side) -> None:
        position.reverse_trade(side, old_quantity, old_amount, currency=record.currency)
        position.apply_trade(side, record.quantity, record.amount, currency=record.currency)

    await _each_side(uow, record, move)
