"""GST on a trade: the rate comes from the commodity, the split from the places.

Within one Indian state, CGST and SGST each apply at half the rate; between states, IGST applies at
the full rate. Outside India (an export or an import) the trade carries no GST here.

Rounding: each tax head is computed on the taxable amount at its own rate and rounded half up to the
currency's minor unit, as a GST invoice shows it. So CGST always equals SGST and the total tax is
their sum: when the full-rate tax ends in an odd paisa (e.g. 0.05 at 5% of 1.00), the two halves
round to 0.03 each, and the intra-state total can exceed the inter-state IGST by one paisa (or fall
short of it by one). The odd paisa is never moved from one head to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from backend.core.errors import FieldError
from backend.modules.trading.domain.errors import check
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.domain.money import round_money

INDIA = "IN"


@dataclass(frozen=True)
class TaxBreakdown:
    rate: Decimal  # percent, as the commodity states it
    taxable: Decimal
    currency: str
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    regime: str  # intra_state (CGST + SGST), inter_state (IGST) or outside_gst

    @property
    def total(self) -> Decimal:
        return self.cgst + self.sgst + self.igst


def rate_errors(rate: Decimal) -> list[FieldError]:
    if not rate.is_finite() or not 0 <= rate <= 100:
        return [FieldError("gst_rate", f"a GST rate is a percentage between 0 and 100, got {rate}")]
    return []


def compute_gst(
    taxable: Decimal, rate: Decimal, currency: str, ship_from: AddressSnapshot, place_of_supply: AddressSnapshot
) -> TaxBreakdown:
    """``place_of_supply`` is where the goods are delivered (the buyer's ship-to location)."""
    check(rate_errors(rate))
    zero = round_money(Decimal(0), currency)
    if ship_from.country != INDIA or place_of_supply.country != INDIA:
        return TaxBreakdown(rate, taxable, currency, zero, zero, zero, "outside_gst")
    if ship_from.state_code is not None and ship_from.state_code == place_of_supply.state_code:
        half = round_money(Fraction(taxable) * Fraction(rate) / 200, currency)
        return TaxBreakdown(rate, taxable, currency, half, half, zero, "intra_state")
    full = round_money(Fraction(taxable) * Fraction(rate) / 100, currency)
    return TaxBreakdown(rate, taxable, currency, zero, zero, full, "inter_state")
