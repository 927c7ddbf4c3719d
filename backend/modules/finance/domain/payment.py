"""A payment received from the payer of a receivable, and its reversal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from backend.modules.finance.domain.enums import PaymentMethod
from backend.modules.finance.domain.errors import PaymentAlreadyReversed


@dataclass
class Payment:
    """Money received against one receivable; reversed at most once (it then counts no more)."""

    id: uuid.UUID
    amount: Decimal  # above zero, in the receivable's currency and its minor units
    received_on: date
    method: PaymentMethod
    reference: str  # normalized (upper case); unique within the tenant
    recorded_by: uuid.UUID
    recorded_at: datetime
    reversed_by: uuid.UUID | None = None
    reversed_at: datetime | None = None
    reversal_reason: str | None = None

    @property
    def reversed(self) -> bool:
        return self.reversed_at is not None

    def reverse(self, reason: str, by: uuid.UUID, now: datetime) -> None:
        if self.reversed:
            raise PaymentAlreadyReversed(self.id)
        self.reversal_reason, self.reversed_by, self.reversed_at = reason, by, now
