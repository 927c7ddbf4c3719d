"""What risk remembers of each confirmed trade: the figures it applied, so a cancellation reverses
exactly those, and which trades are unsettled (circular trading)."""

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
    CANCELLED = "cancelled"


@dataclass
class TradeRecord:
    trade_id: uuid.UUID
    tenant_id: uuid.UUID
    trade_number: str
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    branch_id: uuid.UUID | None
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
        return self.status is TradeRecordStatus.OPEN

    def amend(self, *, quantity: Decimal, price: Decimal, amount: Decimal, tax: Decimal) -> None:
        """The trade's amended terms: what exposure and positions count from now on."""
        self.quantity, self.price, self.amount, self.tax = quantity, price, amount, tax

    def cancel(self) -> None:
        self.status, self.closed_at = TradeRecordStatus.CANCELLED, utc_now()
