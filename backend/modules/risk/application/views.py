"""Read models the use cases return: plain data, never the aggregates themselves."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from backend.core.decimal_math import within_bounds
from backend.modules.risk.domain.amounts import exact_sub
from backend.modules.risk.domain.credit import CreditLimit, CreditLimitChange
from backend.modules.risk.domain.exposure import UtilizationBands, utilization
from backend.modules.risk.domain.positions import Position

_CENT = Decimal("0.01")


def display_percent(value: Decimal | None) -> Decimal | None:
    """A utilization percentage rounded half-even to two places (None stays None, and so does a
    figure too large to travel: a limit of a paisa against crores of exposure)."""
    if value is None:
        return None
    with localcontext() as context:
        context.prec = 100  # wider than any ratio of two bounded amounts: quantize never fails
        rounded = value.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    return rounded if within_bounds(rounded) else None


@dataclass(frozen=True)
class CreditChangeView:
    id: uuid.UUID
    source: str
    status: str
    old_amount: Decimal | None
    new_amount: Decimal | None
    reason: str
    requested_by: uuid.UUID | None
    requested_at: datetime
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    decision_note: str | None


@dataclass(frozen=True)
class CreditLimitView:
    id: uuid.UUID
    partner_id: uuid.UUID
    amount: Decimal | None  # None: no limit recorded, which means no credit
    currency: str
    source: str
    pending_change_id: uuid.UUID | None
    history: tuple[CreditChangeView, ...]  # oldest first
    version: int
    updated_at: datetime


def change_view(change: CreditLimitChange) -> CreditChangeView:
    return CreditChangeView(
        id=change.id,
        source=change.source.value,
        status=change.status.value,
        old_amount=change.old_amount,
        new_amount=change.new_amount,
        reason=change.reason,
        requested_by=change.requested_by,
        requested_at=change.requested_at,
        decided_by=change.decided_by,
        decided_at=change.decided_at,
        decision_note=change.decision_note,
    )


def credit_limit_view(limit: CreditLimit) -> CreditLimitView:
    pending = limit.pending
    return CreditLimitView(
        id=limit.id,
        partner_id=limit.partner_id,
        amount=limit.amount,
        currency=limit.currency,
        source=limit.source.value,
        pending_change_id=None if pending is None else pending.id,
        history=tuple(change_view(c) for c in limit.history),
        version=limit.version,
        updated_at=limit.updated_at,
    )


@dataclass(frozen=True)
class CurrencyExposureView:
    currency: str
    exposure: Decimal
    open_trades: int


@dataclass(frozen=True)
class ExposureView:
    """The partner's credit in the limit's currency; exposure in other currencies has no credit."""

    partner_id: uuid.UUID
    currency: str
    limit: Decimal | None
    exposure: Decimal
    available: Decimal
    utilization: Decimal | None  # percent, two places; None: exposure without credit
    band: str
    open_trades: int
    other_currencies: tuple[CurrencyExposureView, ...]


def exposure_view(
    partner_id: uuid.UUID,
    currency: str,
    limit: Decimal | None,
    exposure: Decimal,
    open_trades: int,
    bands: UtilizationBands,
    others: tuple[CurrencyExposureView, ...] = (),
) -> ExposureView:
    return ExposureView(
        partner_id=partner_id,
        currency=currency,
        limit=limit,
        exposure=exposure,
        available=max(exact_sub(limit or Decimal(0), exposure), Decimal(0)),
        utilization=display_percent(utilization(exposure, limit)),
        band=bands.band_for(exposure, limit).value,
        open_trades=open_trades,
        other_currencies=others,
    )


@dataclass(frozen=True)
class PositionView:
    id: uuid.UUID
    branch_id: uuid.UUID | None
    commodity_id: uuid.UUID
    unit: str
    currency: str
    long_quantity: Decimal
    long_value: Decimal
    short_quantity: Decimal
    short_value: Decimal
    net_quantity: Decimal
    average_buy_price: Decimal | None
    average_sell_price: Decimal | None
    version: int
    updated_at: datetime


@dataclass(frozen=True)
class PositionPageView:
    items: tuple[PositionView, ...]
    next_after: uuid.UUID | None


def position_view(position: Position) -> PositionView:
    return PositionView(
        id=position.id,
        branch_id=position.branch_id,
        commodity_id=position.commodity_id,
        unit=position.unit,
        currency=position.currency,
        long_quantity=position.long_quantity,
        long_value=position.long_value,
        short_quantity=position.short_quantity,
        short_value=position.short_value,
        net_quantity=position.net_quantity,
        average_buy_price=position.average_buy_price,
        average_sell_price=position.average_sell_price,
        version=position.version,
        updated_at=position.updated_at,
    )
