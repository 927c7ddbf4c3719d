"""Exposure: what a partner owes on open trades, checked against its credit limit.

Exposure is the value of the partner's open trades not yet paid: the sum over open trades of
``amount - paid``. The application adds a trade to the exposure of the partner that owes payment on
it (the buyer), with the amount the buyer will be invoiced, and closes it when the trade is cancelled
or settled. An overpaid trade counts zero: a refund is finance's business, not spare credit.

Utilization is ``exposure / limit`` as a percentage. Bands are compared exactly (as fractions), so
89.999...% is yellow however many digits it has; only the displayed percentage is rounded.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from backend.core.clock import utc_now
from backend.core.decimal_math import fraction_to_decimal, within_bounds
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.modules.risk.domain import events as ev
from backend.modules.risk.domain.amounts import amount_errors, exact_sub, exact_sum
from backend.modules.risk.domain.enums import Band
from backend.modules.risk.domain.errors import CreditLimitExceeded, InvalidRiskInput


@dataclass(frozen=True)
class UtilizationBands:
    """Band thresholds in percent of the limit: green below ``yellow_from``, red from ``red_from``."""

    yellow_from: Decimal = Decimal(50)
    red_from: Decimal = Decimal(90)

    def __post_init__(self) -> None:
        if not (within_bounds(self.yellow_from) and within_bounds(self.red_from)) or not (
            0 < self.yellow_from < self.red_from
        ):
            raise InvalidRiskInput(
                [FieldError("bands", "thresholds must satisfy 0 < yellow_from < red_from (percent of the limit)")]
            )

    def band_for(self, exposure: Decimal, limit: Decimal | None) -> Band:
        """The band of ``exposure`` against ``limit``; any exposure without credit is red."""
        ratio = _ratio(exposure, limit)
        if ratio is None:
            return Band.RED
        percent = ratio * 100
        if percent < Fraction(self.yellow_from):
            return Band.GREEN
        if percent < Fraction(self.red_from):
            return Band.YELLOW
        return Band.RED


DEFAULT_BANDS = UtilizationBands()


def _ratio(exposure: Decimal, limit: Decimal | None) -> Fraction | None:
    if limit is None or limit <= 0:
        return Fraction(0) if exposure <= 0 else None
    return Fraction(exposure) / Fraction(limit)


def utilization(exposure: Decimal, limit: Decimal | None) -> Decimal | None:
    """``exposure / limit`` in percent (exact when it terminates, else 12 places); None: exposure without credit."""
    ratio = _ratio(exposure, limit)
    return None if ratio is None else fraction_to_decimal(ratio * 100)[0]


@dataclass(frozen=True)
class BandCrossing:
    old: Band
    new: Band

    @property
    def worsened(self) -> bool:
        return self.new.rank > self.old.rank


def band_crossing(old: Band, new: Band) -> BandCrossing | None:
    """The crossing from ``old`` to ``new``, or None when the band did not change (nothing to publish)."""
    return None if old is new else BandCrossing(old, new)


@dataclass(frozen=True)
class CreditAssessment:
    """Whether ``amount`` more fits under ``limit`` (None: no limit recorded, i.e. no credit)."""

    limit: Decimal | None
    exposure: Decimal
    amount: Decimal
    currency: str = "INR"

    @property
    def exposure_after(self) -> Decimal:
        return exact_sum(self.exposure, self.amount)

    @property
    def within_limit(self) -> bool:
        # exactly at the limit is allowed; one paisa over is not
        return self.exposure_after <= (self.limit if self.limit is not None else Decimal(0))

    @property
    def available(self) -> Decimal:
        return max(exact_sub(self.limit or Decimal(0), self.exposure), Decimal(0))

    def band_after(self, bands: UtilizationBands = DEFAULT_BANDS) -> Band:
        return bands.band_for(self.exposure_after, self.limit)

    def error(self, partner_id: uuid.UUID | None = None) -> CreditLimitExceeded:
        return CreditLimitExceeded(
            limit=self.limit, exposure=self.exposure, amount=self.amount, currency=self.currency, partner_id=partner_id
        )


def assess(limit: Decimal | None, exposure: Decimal, amount: Decimal, currency: str = "INR") -> CreditAssessment:
    """The credit assessment of ``amount`` more on ``exposure``, without refusing anything."""
    errors = amount_errors(amount, "amount") + amount_errors(exposure, "exposure")
    if limit is not None:
        errors += amount_errors(limit, "limit")
    if errors:
        raise InvalidRiskInput(errors)
    return CreditAssessment(limit, exposure, amount, currency)


def check(
    limit: Decimal | None,
    exposure: Decimal,
    amount: Decimal,
    currency: str = "INR",
    partner_id: uuid.UUID | None = None,
) -> CreditAssessment:
    """Refuse with ``CreditLimitExceeded`` (422) when ``exposure + amount > limit``; at the limit passes."""
    assessment = assess(limit, exposure, amount, currency)
    if not assessment.within_limit:
        raise assessment.error(partner_id)
    return assessment


@dataclass(frozen=True)
class OpenTrade:
    trade_id: uuid.UUID
    amount: Decimal
    paid: Decimal = Decimal(0)

    @property
    def outstanding(self) -> Decimal:
        return max(exact_sub(self.amount, self.paid), Decimal(0))


def exposure_of(trades: Iterable[OpenTrade]) -> Decimal:
    """Open trade value not yet paid."""
    return exact_sum(*(t.outstanding for t in trades))


@dataclass(eq=False)
class Exposure(AggregateRoot):
    """The open trades of one partner in one currency, and the utilization band last published."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    partner_id: uuid.UUID
    currency: str = "INR"
    trades: dict[uuid.UUID, OpenTrade] = field(default_factory=dict)
    band: Band = Band.GREEN  # a partner without exposure is green; only leaving it is news
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @property
    def amount(self) -> Decimal:
        return exposure_of(self.trades.values())

    def assess(self, limit: Decimal | None, amount: Decimal) -> CreditAssessment:
        return assess(limit, self.amount, amount, self.currency)

    def check(self, limit: Decimal | None, amount: Decimal) -> CreditAssessment:
        return check(limit, self.amount, amount, self.currency, self.partner_id)

    def open_trade(self, trade_id: uuid.UUID, amount: Decimal) -> bool:
        """Count a confirmed trade; False when it is already counted (use ``revalue_trade`` to amend)."""
        if errors := amount_errors(amount, "amount"):
            raise InvalidRiskInput(errors)
        if trade_id in self.trades:
            return False
        self.trades[trade_id] = OpenTrade(trade_id, amount)
        self._touch()
        return True

    def revalue_trade(self, trade_id: uuid.UUID, amount: Decimal) -> bool:
        """An amended trade amount (payments made so far still count); False if unknown or unchanged."""
        if errors := amount_errors(amount, "amount"):
            raise InvalidRiskInput(errors)
        trade = self.trades.get(trade_id)
        if trade is None or trade.amount == amount:
            return False
        self.trades[trade_id] = OpenTrade(trade_id, amount, trade.paid)
        self._touch()
        return True

    def record_payment(self, trade_id: uuid.UUID, amount: Decimal) -> bool:
        """A payment towards an open trade; False for a trade no longer counted (closed or unknown)."""
        if errors := amount_errors(amount, "amount", positive=True):
            raise InvalidRiskInput(errors)
        trade = self.trades.get(trade_id)
        if trade is None:
            return False
        self.trades[trade_id] = OpenTrade(trade_id, trade.amount, exact_sum(trade.paid, amount))
        self._touch()
        return True

    def reverse_payment(self, trade_id: uuid.UUID, amount: Decimal) -> bool:
        """A payment towards an open trade reversed (a bounced cheque): it counts no more, so the
        exposure rises back; False for a trade no longer counted. ``paid`` never goes below zero (a
        reversal of a payment this exposure never heard of restores nothing)."""
        if errors := amount_errors(amount, "amount", positive=True):
            raise InvalidRiskInput(errors)
        trade = self.trades.get(trade_id)
        if trade is None or trade.paid == 0:
            return False
        paid = max(exact_sub(trade.paid, amount), Decimal(0))
        self.trades[trade_id] = OpenTrade(trade_id, trade.amount, paid)
        self._touch()
        return True

    def reopen_trade(self, trade_id: uuid.UUID, amount: Decimal, paid: Decimal) -> bool:
        """Count a settled trade again (a reversal or an amendment left something owed on it), with
        ``amount`` invoiced and ``paid`` so far; False when it is counted with these figures already."""
        if errors := amount_errors(amount, "amount") + amount_errors(paid, "paid"):
            raise InvalidRiskInput(errors)
        reopened = OpenTrade(trade_id, amount, paid)
        if self.trades.get(trade_id) == reopened:
            return False
        self.trades[trade_id] = reopened
        self._touch()
        return True

    def close_trade(self, trade_id: uuid.UUID) -> bool:
        """Stop counting a cancelled or settled trade; False when it was not counted."""
        if self.trades.pop(trade_id, None) is None:
            return False
        self._touch()
        return True

    def refresh_band(self, limit: Decimal | None, bands: UtilizationBands = DEFAULT_BANDS) -> BandCrossing | None:
        """Re-band against ``limit``; records ``UtilizationBandCrossed`` only when the band changed."""
        exposure = self.amount
        crossing = band_crossing(self.band, bands.band_for(exposure, limit))
        if crossing is None:
            return None
        self.band = crossing.new
        self._touch()
        self.record(
            ev.UtilizationBandCrossed(
                tenant_id=self.tenant_id,
                partner_id=self.partner_id,
                from_band=crossing.old.value,
                to_band=crossing.new.value,
                exposure=exposure,
                limit=limit,
                utilization=utilization(exposure, limit),
                currency=self.currency,
            )
        )
        return crossing

    def _touch(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = utc_now()
