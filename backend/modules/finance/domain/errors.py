"""Finance errors; the HTTP layer maps each kind to a status (``ValidationFailed`` 422,
``Conflict`` 409, ``NotFound`` 404). Figures travel in ``extra`` as decimal strings."""

from __future__ import annotations

import uuid
from decimal import Decimal

from backend.core.decimal_math import plain_text
from backend.core.errors import Conflict, FieldError, NotFound, ValidationFailed


class InvalidFinanceInput(ValidationFailed):
    code = "invalid-finance-input"
    title = "Invalid finance data"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors), errors)


class PaymentExceedsOutstanding(ValidationFailed):
    """More than the payer owes on the trade; ``extra`` names ``outstanding`` and ``amount``."""

    code = "payment-exceeds-outstanding"
    title = "Payment exceeds what is outstanding"

    def __init__(self, trade_id: uuid.UUID, outstanding: Decimal, amount: Decimal, currency: str) -> None:
        detail = (
            f"a payment of {plain_text(amount)} {currency} exceeds the {plain_text(outstanding)} {currency}"
            f" outstanding on trade {trade_id}"
        )
        super().__init__(detail, [FieldError("amount", detail)])
        self.extra = {
            "trade_id": str(trade_id),
            "outstanding": plain_text(outstanding),
            "amount": plain_text(amount),
            "currency": currency,
        }


class ReceivableCancelled(Conflict):
    code = "receivable-cancelled"
    title = "The trade was cancelled"

    def __init__(self, trade_id: uuid.UUID) -> None:
        super().__init__(f"trade {trade_id} was cancelled: no payment can be recorded against it")
        self.extra = {"trade_id": str(trade_id)}


class PaymentAlreadyReversed(Conflict):
    code = "payment-already-reversed"
    title = "Payment already reversed"

    def __init__(self, payment_id: uuid.UUID) -> None:
        super().__init__(f"payment {payment_id} was reversed already; a payment is reversed once")
        self.extra = {"payment_id": str(payment_id)}


class DuplicatePaymentReference(Conflict):
    """The bank reference is on another payment of the tenant, which ``extra`` names when the caller may
    see its receivable (else only the reference: a receivable outside the caller's branches stays hidden)."""

    code = "duplicate-payment-reference"
    title = "Payment reference already recorded"

    def __init__(self, reference: str, payment_id: uuid.UUID | None = None, trade_id: uuid.UUID | None = None) -> None:
        if payment_id is None or trade_id is None:
            super().__init__(f"reference {reference} is already recorded on another payment")
            self.extra = {"reference": reference}
            return
        super().__init__(f"reference {reference} is already recorded as payment {payment_id} (trade {trade_id})")
        self.extra = {"reference": reference, "payment_id": str(payment_id), "trade_id": str(trade_id)}


class ReceivableNotFound(NotFound):
    """No receivable for the trade: unknown, another tenant's, or outside the caller's branches."""

    code = "receivable-not-found"
    title = "Receivable not found"

    def __init__(self, trade_id: uuid.UUID) -> None:
        super().__init__(f"No receivable for trade {trade_id}")


class PaymentNotFound(NotFound):
    code = "payment-not-found"
    title = "Payment not found"

    def __init__(self, payment_id: uuid.UUID) -> None:
        super().__init__(f"No payment {payment_id}")
