"""Positions per tenant, branch and commodity: long and short kept exactly from trade events."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.modules.risk.domain.enums import Side
from backend.modules.risk.domain.errors import InvalidRiskInput, PositionUnderflow
from backend.modules.risk.domain.positions import Position


def position() -> Position:
    tenant, branch, cotton = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)
    return Position.open(tenant_id=tenant, branch_id=branch, commodity_id=cotton, unit="kg")


def test_a_new_position_is_flat() -> None:
    book = position()
    assert (book.long_quantity, book.short_quantity, book.net_quantity) == (Decimal(0), Decimal(0), Decimal(0))
    assert book.average_buy_price is None
    assert book.average_sell_price is None


def test_buys_go_long_and_sells_go_short() -> None:
    book = position()
    book.apply_trade(Side.BUY, Decimal("17000.000"), Decimal("1105000.00"))
    book.apply_trade(Side.BUY, Decimal("3000"), Decimal("198000"))
    book.apply_trade(Side.SELL, Decimal("5000.5"), Decimal("340034.00"))
    assert (book.long_quantity, book.long_value) == (Decimal(20000), Decimal("1303000"))
    assert (book.short_quantity, book.short_value) == (Decimal("5000.5"), Decimal("340034"))
    assert book.net_quantity == Decimal("14999.5")
    assert book.average_buy_price == Decimal("65.15")
    assert book.average_sell_price == Decimal("68")


def test_a_net_short_position() -> None:
    book = position()
    book.apply_trade(Side.SELL, Decimal(100), Decimal(7000))
    book.apply_trade(Side.BUY, Decimal(40), Decimal(2600))
    assert book.net_quantity == Decimal(-60)


def test_a_cancellation_reverses_the_trade_exactly() -> None:
    book = position()
    book.apply_trade(Side.BUY, Decimal("0.1"), Decimal("0.2"))
    book.apply_trade(Side.BUY, Decimal("0.2"), Decimal("0.3"))
    book.reverse_trade(Side.BUY, Decimal("0.1"), Decimal("0.2"))
    assert (book.long_quantity, book.long_value) == (Decimal("0.2"), Decimal("0.3"))
    book.reverse_trade(Side.BUY, Decimal("0.2"), Decimal("0.3"))
    assert (book.long_quantity, book.long_value, book.net_quantity) == (Decimal(0), Decimal(0), Decimal(0))


def test_a_reversal_beyond_what_is_held_is_refused_and_changes_nothing() -> None:
    book = position()
    book.apply_trade(Side.SELL, Decimal(100), Decimal(7000))
    with pytest.raises(PositionUnderflow) as underflow:
        book.reverse_trade(Side.SELL, Decimal("100.001"), Decimal(7000))
    assert underflow.value.extra == {"side": "sell", "field": "quantity", "held": "100", "reversed": "100.001"}
    with pytest.raises(PositionUnderflow):
        book.reverse_trade(Side.SELL, Decimal(100), Decimal("7000.01"))
    with pytest.raises(PositionUnderflow):
        book.reverse_trade(Side.BUY, Decimal(1), Decimal(1))  # nothing was bought
    assert (book.short_quantity, book.short_value) == (Decimal(100), Decimal(7000))


@pytest.mark.parametrize(
    ("quantity", "value", "fields"),
    [
        (Decimal(0), Decimal(1), ["quantity"]),
        (Decimal(-1), Decimal(-1), ["quantity", "value"]),
        (Decimal("NaN"), Decimal(1), ["quantity"]),
        (Decimal(1), Decimal("Infinity"), ["value"]),
    ],
)
def test_malformed_figures_are_refused(quantity: Decimal, value: Decimal, fields: list[str]) -> None:
    with pytest.raises(InvalidRiskInput) as invalid:
        position().apply_trade(Side.BUY, quantity, value)
    assert [e.field for e in invalid.value.errors] == fields


def test_a_trade_in_another_currency_is_refused() -> None:
    with pytest.raises(InvalidRiskInput) as invalid:
        position().apply_trade(Side.BUY, Decimal(1), Decimal(1), currency="USD")
    assert invalid.value.errors[0].message == "this position is kept in INR, not USD"
    position().apply_trade(Side.BUY, Decimal(1), Decimal(1), currency="INR")


def test_the_version_moves_once_per_unit_of_work() -> None:
    book = position()
    book.persisted_version = book.version
    book.apply_trade(Side.BUY, Decimal(1), Decimal(1))
    book.apply_trade(Side.SELL, Decimal(1), Decimal(1))
    assert book.version == book.persisted_version + 1


figures = st.tuples(
    st.sampled_from(Side),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10) ** 12, places=3),
    st.decimals(min_value=0, max_value=Decimal(10) ** 15, places=2),
)


@settings(max_examples=150)
@given(trades=st.lists(figures, min_size=1, max_size=20), data=st.data())
def test_applying_then_reversing_any_subset_leaves_the_sum_of_the_rest(
    trades: list[tuple[Side, Decimal, Decimal]], data: st.DataObject
) -> None:
    book = position()
    for side, quantity, value in trades:
        book.apply_trade(side, quantity, value)
    cancelled = data.draw(st.sets(st.integers(0, len(trades) - 1)))
    for index in sorted(cancelled, reverse=True):
        book.reverse_trade(*trades[index])
    kept = [t for i, t in enumerate(trades) if i not in cancelled]
    assert book.long_quantity == sum((q for s, q, _ in kept if s is Side.BUY), Decimal(0))
    assert book.short_value == sum((v for s, _, v in kept if s is Side.SELL), Decimal(0))


def test_totals_stay_exact_beyond_the_default_28_digits() -> None:
    book = position()
    big, tiny = Decimal("12345678901234567890123"), Decimal("0.000000001")
    book.apply_trade(Side.BUY, big, big)
    book.apply_trade(Side.BUY, tiny, tiny)
    assert book.long_quantity == Decimal("12345678901234567890123.000000001")  # 32 digits, not rounded
    book.reverse_trade(Side.BUY, big, big)
    assert book.long_quantity == tiny
