"""Credit reservations: credit held for a trade being booked, so two concurrent bookings for one
buyer cannot both fit under its limit.

A reservation is taken under the buyer's exposure lock before the trade is booked, then either
consumed when risk learns of the trade (the amount moves from the reservation to the exposure, in
one transaction) or released when the booking fails. An active reservation stops counting when it
expires, so a crash between reserving and booking cannot hold credit forever.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from backend.core.errors import FieldError
from backend.modules.risk.domain.amounts import amount_errors
from backend.modules.risk.domain.errors import InvalidRiskInput


class ReservationStatus(StrEnum):
    ACTIVE = "active"  # counts against the limit until it expires
    CONSUMED = "consumed"  # its trade now counts in the exposure instead
    RELEASED = "released"  # the booking failed: nothing to count


@dataclass
class CreditReservation:
    id: uuid.UUID
    tenant_id: uuid.UUID
    partner_id: uuid.UUID
    currency: str
    amount: Decimal  # the invoice value of the trade being booked
    reference: str  # what it is held for (e.g. the negotiation and offer), for people reading it
    created_at: datetime
    expires_at: datetime
    status: ReservationStatus = ReservationStatus.ACTIVE
    trade_id: uuid.UUID | None = None  # the trade that consumed it
    closed_at: datetime | None = None

    @classmethod
    def hold(
        cls,
        *,
        id: uuid.UUID,
        tenant_id: uuid.UUID,
        partner_id: uuid.UUID,
        currency: str,
        amount: Decimal,
        reference: str,
        now: datetime,
        expires_at: datetime,
    ) -> CreditReservation:
        errors = amount_errors(amount, "amount")
        if expires_at <= now:
            errors.append(FieldError("ttl", "a reservation must live for some time"))
        if errors:
            raise InvalidRiskInput(errors)
        return cls(id, tenant_id, partner_id, currency, amount, reference, now, expires_at)

    def counts_at(self, now: datetime) -> bool:
        """Held against the limit: active and not yet expired."""
        return self.status is ReservationStatus.ACTIVE and self.expires_at > now

    def consume(self, trade_id: uuid.UUID, now: datetime) -> bool:
        """The trade was booked and now counts in the exposure; False when already consumed or
        released (a redelivered event, or a booking that failed after all)."""
        if self.status is not ReservationStatus.ACTIVE:
            return False
        self.status, self.trade_id, self.closed_at = ReservationStatus.CONSUMED, trade_id, now
        return True

    def release(self, now: datetime) -> bool:
        """The booking failed; False when already consumed or released (idempotent)."""
        if self.status is not ReservationStatus.ACTIVE:
            return False
        self.status, self.closed_at = ReservationStatus.RELEASED, now
        return True
