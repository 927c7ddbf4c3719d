"""The closed vocabularies of the finance context."""

from __future__ import annotations

from enum import StrEnum


class ReceivableStatus(StrEnum):
    OPEN = "open"  # something is outstanding
    SETTLED = "settled"  # nothing is: paid in full (or the invoice amended down to what was paid)
    CANCELLED = "cancelled"  # the trade was cancelled; payments made stay on record


class PaymentMethod(StrEnum):
    NEFT = "neft"
    RTGS = "rtgs"
    IMPS = "imps"
    UPI = "upi"
    CHEQUE = "cheque"
    BANK_TRANSFER = "bank_transfer"
    CASH = "cash"


class ReopenCause(StrEnum):
    PAYMENT_REVERSED = "payment_reversed"
    TRADE_AMENDED = "trade_amended"
