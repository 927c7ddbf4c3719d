"""Finance money: whole minor units, refused rather than rounded, sums exact at any size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.modules.finance.domain.errors import InvalidFinanceInput
from backend.modules.finance.domain.money import from_minor, money_errors, to_minor, total


def test_minor_units_follow_the_currency() -> None:
    assert to_minor(Decimal("105000.50"), "INR") == 10500050
    assert to_minor(Decimal("105000.500"), "INR") == 10500050  # trailing zeros are no finer
    assert to_minor(Decimal("1E+3"), "INR") == 100000
    assert to_minor(Decimal("250"), "JPY") == 250
    assert to_minor(Decimal("1.234"), "KWD") == 1234
    assert from_minor(10500050, "INR") == Decimal("105000.50")
    assert str(from_minor(5, "INR")) == "0.05"
    assert str(from_minor(1234, "KWD")) == "1.234"


def test_amounts_finer_than_the_minor_unit_or_unknown_currencies_are_refused() -> None:
    with pytest.raises(InvalidFinanceInput, match="at most 2 decimal places"):
        to_minor(Decimal("100.005"), "INR")
    with pytest.raises(InvalidFinanceInput, match="at most 0 decimal places"):
        to_minor(Decimal("1.5"), "JPY")
    assert [e.field for e in money_errors(Decimal(1), "XYZ", "amount")] == ["currency"]
    assert money_errors(Decimal(0), "INR", "amount") == []
    assert money_errors(Decimal(0), "INR", "amount", positive=True)
    assert money_errors(Decimal(-1), "INR", "amount")
    assert money_errors(Decimal("NaN"), "INR", "amount")
    # 29 digits: normalising in the default 28-digit context would round the third place away
    assert money_errors(Decimal("12345678901234567890123456.789"), "INR", "amount")


def test_totals_are_exact_beyond_the_default_decimal_precision() -> None:
    big = Decimal("12345678901234567890123456.78")  # 28 digits: the default context would round the sum
    assert total("INR", big, Decimal("0.01"), big) == Decimal("24691357802469135780246913.57")


paise = st.integers(min_value=0, max_value=10**20)


@given(st.lists(paise, max_size=8))
def test_a_total_is_the_sum_of_its_minor_units(values: list[int]) -> None:
    amounts = [from_minor(v, "INR") for v in values]
    assert to_minor(total("INR", *amounts), "INR") == sum(values)
