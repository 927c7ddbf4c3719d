"""The versioned terms of a trade, its number, and the amendments that change the terms."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal

from backend.core.decimal_math import canonical
from backend.core.errors import FieldError
from backend.modules.trading.domain.enums import AmendmentStatus, Side
from backend.modules.trading.domain.errors import check
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.domain.money import UnitPrice, line_amount
from backend.modules.trading.domain.quantities import positive_errors
from backend.modules.trading.domain.tax import TaxBreakdown, compute_gst

TRADE_NUMBER = re.compile(r"TR-([0-9]{4})-([0-9]{6,})")


def trade_number(year: int, sequence: int) -> str:
    """``TR-<year>-<sequence>``, the sequence zero-padded to six digits (it widens past 999999).

    The application draws ``sequence`` from a per-tenant, per-year counter in the same transaction as
    the trade, so numbers have no gaps.
    """
    errors: list[FieldError] = []
    if not 1000 <= year <= 9999:
        errors.append(FieldError("year", f"a trade year has four digits, got {year}"))
    if sequence < 1:
        errors.append(FieldError("sequence", f"trade sequences start at 1, got {sequence}"))
    check(errors)
    return f"TR-{year}-{sequence:06d}"


def parse_trade_number(number: str) -> tuple[int, int] | None:
    """``(year, sequence)`` of a well-formed trade number, else None."""
    match = TRADE_NUMBER.fullmatch(number.strip().upper())
    return None if match is None else (int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class TradeTerms:
    """One version of what was agreed; amounts follow from quantity, price and the places."""

    version: int
    quantity: Decimal  # base unit
    price: UnitPrice
    amount: Decimal
    tax: TaxBreakdown
    delivery_date: date | None
    ship_to: AddressSnapshot
    bill_to: AddressSnapshot
    ship_from: AddressSnapshot
    effective_at: datetime
    amendment_id: uuid.UUID | None = None  # None: the terms as booked

    @property
    def total(self) -> Decimal:
        return self.amount + self.tax.total


def build_terms(
    *,
    version: int,
    quantity: Decimal,
    price: UnitPrice,
    gst_rate: Decimal,
    delivery_date: date | None,
    ship_to: AddressSnapshot,
    bill_to: AddressSnapshot,
    ship_from: AddressSnapshot,
    effective_at: datetime,
    amendment_id: uuid.UUID | None = None,
) -> TradeTerms:
    check(positive_errors(quantity, "quantity", "quantity") + positive_errors(price.amount, "price", "price"))
    amount = line_amount(quantity, price)
    return TradeTerms(
        version=version,
        quantity=canonical(quantity),
        price=price,
        amount=amount,
        tax=compute_gst(amount, gst_rate, price.currency, ship_from, ship_to),
        delivery_date=delivery_date,
        ship_to=ship_to,
        bill_to=bill_to,
        ship_from=ship_from,
        effective_at=effective_at,
        amendment_id=amendment_id,
    )


@dataclass(frozen=True)
class AmendmentChanges:
    """The amendable terms; ``None`` keeps the current value. Prices are per the trade's price unit."""

    quantity: Decimal | None = None
    price: Decimal | None = None
    delivery_date: date | None = None
    ship_to: AddressSnapshot | None = None
    bill_to: AddressSnapshot | None = None
    ship_from: AddressSnapshot | None = None

    def changed_fields(self, current: TradeTerms) -> tuple[str, ...]:
        """The fields whose new value differs from ``current``."""
        now = {
            "quantity": current.quantity,
            "price": current.price.amount,
            "delivery_date": current.delivery_date,
            "ship_to": current.ship_to,
            "bill_to": current.bill_to,
            "ship_from": current.ship_from,
        }
        return tuple(
            f.name for f in fields(self) if (value := getattr(self, f.name)) is not None and value != now[f.name]
        )

    def errors(self, current: TradeTerms) -> list[FieldError]:
        errors: list[FieldError] = []
        if self.quantity is not None:
            errors += positive_errors(self.quantity, "quantity", "quantity")
        if self.price is not None:
            errors += positive_errors(self.price, "price", "price")
        if not errors and not self.changed_fields(current):
            errors.append(FieldError("changes", "an amendment must change the quantity, price, date or an address"))
        return errors

    def apply(self, current: TradeTerms, gst_rate: Decimal, amendment_id: uuid.UUID, at: datetime) -> TradeTerms:
        return build_terms(
            version=current.version + 1,
            quantity=self.quantity if self.quantity is not None else current.quantity,
            price=current.price if self.price is None else current.price.with_amount(self.price),
            gst_rate=gst_rate,
            delivery_date=self.delivery_date if self.delivery_date is not None else current.delivery_date,
            ship_to=self.ship_to or current.ship_to,
            bill_to=self.bill_to or current.bill_to,
            ship_from=self.ship_from or current.ship_from,
            effective_at=at,
            amendment_id=amendment_id,
        )


@dataclass
class TradeAmendment:
    """A change one party asks for; it takes effect only when the counterparty approves it."""

    id: uuid.UUID
    requested_by: Side
    changes: AmendmentChanges
    fields: tuple[str, ...]
    reason: str
    requested_at: datetime
    status: AmendmentStatus = AmendmentStatus.PENDING
    decided_at: datetime | None = None
    decision_reason: str | None = None
    terms_version: int | None = None  # the version it produced, once approved
