"""Risk errors; the HTTP layer maps each kind to a status.

Every refusal of a trade or posting by a risk rule is a 422 (``ValidationFailed``) naming the figures
involved, so a client handles credit, circular-trading and party-link refusals alike.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backend.core.decimal_math import plain_text
from backend.core.errors import Conflict, FieldError, ValidationFailed


class InvalidRiskInput(ValidationFailed):
    code = "invalid-risk-input"
    title = "Invalid risk data"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors), errors)


class CreditLimitExceeded(ValidationFailed):
    """``extra`` names ``limit``, ``exposure``, ``amount`` and ``available`` as decimal strings."""

    code = "credit-limit-exceeded"
    title = "Credit limit exceeded"

    def __init__(
        self, *, limit: Decimal | None, exposure: Decimal, amount: Decimal, currency: str, partner_id: Any = None
    ) -> None:
        effective = limit if limit is not None else Decimal(0)
        available = max(effective - exposure, Decimal(0))
        figures = f"exposure {plain_text(exposure)} + amount {plain_text(amount)} {currency}"
        if limit is None:
            detail = f"no credit limit is recorded for this partner, so it has no credit: {figures} exceeds 0"
        else:
            detail = f"{figures} exceeds the credit limit of {plain_text(limit)} {currency}"
        super().__init__(detail, [FieldError("amount", detail)])
        self.limit, self.exposure, self.amount, self.currency = effective, exposure, amount, currency
        self.extra = {
            "limit": plain_text(effective),
            "exposure": plain_text(exposure),
            "amount": plain_text(amount),
            "available": plain_text(available),
            "currency": currency,
            "limit_recorded": limit is not None,
        }
        if partner_id is not None:
            self.extra["partner_id"] = str(partner_id)


class CircularTradingRefused(ValidationFailed):
    code = "circular-trading"
    title = "Circular trading is not allowed"

    def __init__(self, commodity_id: Any, side: str, references: tuple[str, ...], message: str) -> None:
        super().__init__(message, [FieldError("side", message)])
        self.extra = {"commodity_id": str(commodity_id), "side": side, "conflicting": list(references)}


class PartyLinkBlocked(ValidationFailed):
    code = "party-link-blocked"
    title = "The parties are linked"

    def __init__(self, codes: tuple[str, ...], message: str) -> None:
        super().__init__(message, [FieldError("counterparty", message)])
        self.extra = {"reasons": list(codes)}


class CreditChangePending(Conflict):
    code = "credit-change-pending"
    title = "A credit limit change is already pending"

    def __init__(self, change_id: Any) -> None:
        super().__init__(
            f"credit limit change {change_id} is waiting for approval; approve or reject it first",
            extra={"change_id": str(change_id)},
        )


class NoPendingCreditChange(Conflict):
    code = "no-pending-credit-change"
    title = "No credit limit change is pending"

    def __init__(self, change_id: Any = None) -> None:
        what = f"credit limit change {change_id} does not exist" if change_id else "no credit limit change is pending"
        super().__init__(what, extra={"change_id": str(change_id)} if change_id else None)


class CreditChangeAlreadyDecided(Conflict):
    code = "credit-change-already-decided"
    title = "Credit limit change already decided"

    def __init__(self, change_id: Any, status: str) -> None:
        # not "status": a problem's own member, the HTTP status
        extra = {"change_id": str(change_id), "change_status": status}
        super().__init__(f"credit limit change {change_id} is already {status}", extra=extra)


class PositionUnderflow(Conflict):
    """A reversal larger than what the position holds: the reversed trade was never applied here."""

    code = "position-underflow"
    title = "Position cannot go negative"

    def __init__(self, side: str, field: str, held: Decimal, reversed_: Decimal) -> None:
        super().__init__(
            f"reversing {plain_text(reversed_)} of {side} {field} exceeds the {plain_text(held)} held",
            extra={"side": side, "field": field, "held": plain_text(held), "reversed": plain_text(reversed_)},
        )
