"""Positions per tenant, branch and commodity, kept from trade events.

Bought quantity and value are the long side, sold ones the short side; quantities are in the
commodity's base unit and values in the position's currency. A cancelled trade is reversed with the
figures it was applied with, so apply then reverse returns every total to exactly what it was.
Applying an event once is the application's job (its inbox); the position only refuses a reversal
that would take a side below zero, since that trade can never have been applied here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from backend.core.clock import utc_now
from backend.core.decimal_math import fraction_to_decimal
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.risk.domain.amounts import amount_errors, exact_sub, exact_sum
from backend.modules.risk.domain.enums import Side
from backend.modules.risk.domain.errors import InvalidRiskInput, PositionUnderflow


def _figures_errors(quantity: Decimal, value: Decimal, currency: str | None, own_currency: str) -> list[FieldError]:
    errors = amount_errors(quantity, "quantity", positive=True, what="quantity") + amount_errors(value, "value")
    if currency is not None and currency != own_currency:
        errors.append(FieldError("currency", f"this position is kept in {own_currency}, not {currency}"))
    return errors


def _average(value: Decimal, quantity: Decimal) -> Decimal | None:
    """Value per unit, exact when it terminates (else 12 places); None for an empty side."""
    if quantity == 0:
        return None
    return fraction_to_decimal(Fraction(value) / Fraction(quantity))[0]


@dataclass(eq=False)
class Position(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    branch_id: uuid.UUID | None  # None: trades booked at tenant level, outside any branch
    commodity_id: uuid.UUID
    unit: str  # the commodity's base unit
    currency: str = "INR"
    long_quantity: Decimal = Decimal(0)
    long_value: Decimal = Decimal(0)
    short_quantity: Decimal = Decimal(0)
    short_value: Decimal = Decimal(0)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def open(
        cls,
        *,
        tenant_id: uuid.UUID,
        branch_id: uuid.UUID | None,
        commodity_id: uuid.UUID,
        unit: str,
        currency: str = "INR",
    ) -> Position:
        return cls(
            id=new_uuid(),
            tenant_id=tenant_id,
            branch_id=branch_id,
            commodity_id=commodity_id,
            unit=unit,
            currency=currency,
        )

    @property
    def net_quantity(self) -> Decimal:
        """Long minus short: above zero the branch is net long, below zero net short."""
        return exact_sub(self.long_quantity, self.short_quantity)

    @property
    def average_buy_price(self) -> Decimal | None:
        return _average(self.long_value, self.long_quantity)

    @property
    def average_sell_price(self) -> Decimal | None:
        return _average(self.short_value, self.short_quantity)

    def apply_trade(self, side: Side, quantity: Decimal, value: Decimal, *, currency: str | None = None) -> None:
        if errors := _figures_errors(quantity, value, currency, self.currency):
            raise InvalidRiskInput(errors)
        if side is Side.BUY:
            self.long_quantity = exact_sum(self.long_quantity, quantity)
            self.long_value = exact_sum(self.long_value, value)
        else:
            self.short_quantity = exact_sum(self.short_quantity, quantity)
            self.short_value = exact_sum(self.short_value, value)
        self._touch()

    def reverse_trade(self, side: Side, quantity: Decimal, value: Decimal, *, currency: str | None = None) -> None:
        """Undo ``apply_trade`` with the same figures (a cancelled trade)."""
        if errors := _figures_errors(quantity, value, currency, self.currency):
            raise InvalidRiskInput(errors)
        held_quantity, held_value = (
            (self.long_quantity, self.long_value) if side is Side.BUY else (self.short_quantity, self.short_value)
        )
        if quantity > held_quantity:
            raise PositionUnderflow(side.value, "quantity", held_quantity, quantity)
        if value > held_value:
            raise PositionUnderflow(side.value, "value", held_value, value)
        if side is Side.BUY:
            self.long_quantity = exact_sub(self.long_quantity, quantity)
            self.long_value = exact_sub(self.long_value, value)
        else:
            self.short_quantity = exact_sub(self.short_quantity, quantity)
            self.short_value = exact_sub(self.short_value, value)
        self._touch()

    def _touch(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = utc_now()
