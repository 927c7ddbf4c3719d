"""What risk remembers of each confirmed trade: the figures it applied, so a cancellation reverses
exactly those, and which trades are unsettled (circular trading).

A trade stands (``open``: positions count it) until it is cancelled. It is unsettled until finance
reports its receivable settled, and again when finance reopens it (a reversed payment, an amendment
raising the invoice): only unsettled trades count against circular trading."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from backend.core.clock import utc_now
from backend.modules.risk.domain.amounts import exact_sum


class TradeRecordStatus(StrEnum):
    OPEN = "open"  # confirmed and not settled: counts in exposure and against circular trading
    SETTLED = "settled"  # paid in full: still stands (positions), no longer counts as unsettled
    CANCELLED = "cancelled"


@dataclass
class TradeRecord:
    trade_id: uuid.UUID
    tenant_id: uuid.UUID
    trade_number: str
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    buyer_branch_id: uuid.UUID | None  # the tenant's branch holding the buyer: long there
    seller_branch_id: uuid.UUID | None  # and the seller's: short there
    quantity: Decimal  # in ``unit``, the commodity's base unit
    unit: str
    price: Decimal
    currency: str
    amount: Decimal  # quantity x price, before tax: what positions count
    tax: Decimal  # CGST + SGST + IGST
    status: TradeRecordStatus = TradeRecordStatus.OPEN
    confirmed_at: datetime = field(default_factory=utc_now)
    closed_at: datetime | None = None

    @property
    def invoice_amount(self) -> Decimal:
        """What the buyer owes on the trade, and so what its exposure counts: amount plus GST."""
        return exact_sum(self.amount, self.tax)

    @property
    def open(self) -> bool:
        """The trade stands (settled or not): a cancellation or an amendment still applies to it."""
        return self.status is not TradeRecordStatus.CANCELLED

    @property
    def unsettled(self) -> bool:
        return self.status is TradeRecordStatus.OPEN

    def amend(self, *, quantity: Decimal, price: Decimal, amount: Decimal, tax: Decimal) -> None:
        """The trade's amended terms: what exposure and positions count from now on."""
        self.quantity, self.price, self.amount, self.tax = quantity, price, amount, tax

    def cancel(self) -> None:
        self.status, self.closed_at = TradeRecordStatus.CANCELLED, utc_now()

    def settle(self) -> bool:
        """Paid in full; False unless it was unsettled."""
        if not self.unsettled:
            return False
        self.status, self.closed_at = TradeRecordStatus.SETTLED, utc_now()
        return True

    def reopen(self) -> bool:
        """Owed again after settling; False unless it was settled."""
        if self.status is not TradeRecordStatus.SETTLED:
            return False
        self.status, self.closed_at = TradeRecordStatus.OPEN, None
        return True
