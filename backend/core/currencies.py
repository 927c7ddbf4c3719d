"""The currencies Mandi's markets settle in, with their ISO 4217 minor units (INR to the paisa).

One table for every context: trading rounds invoice amounts to it and finance refuses receipts
finer than it. A currency not listed is refused rather than guessed.
"""

from __future__ import annotations

from backend.core.errors import FieldError

_PLACES = {
    2: "INR USD EUR GBP CHF CNY HKD SGD AUD AED SAR BDT PKR LKR NPR IDR THB TRY EGP BRL ZAR",
    0: "JPY KRW VND UGX",
    3: "KWD BHD OMR",
}
MINOR_UNITS: dict[str, int] = {code: places for places, codes in _PLACES.items() for code in codes.split()}


def currency_errors(currency: str, field: str = "currency") -> list[FieldError]:
    if currency not in MINOR_UNITS:
        return [FieldError(field, f"{currency!r} is not a supported currency (ISO 4217, upper case)")]
    return []
