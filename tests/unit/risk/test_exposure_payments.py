"""Payments on the exposure: a reversal restores exactly what a payment released; a settled trade
leaves the exposure and comes back with the figures it is reopened with."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.modules.risk.domain.errors import InvalidRiskInput
from backend.modules.risk.domain.exposure import Exposure, OpenTrade

T1, T2 = uuid.UUID(int=101), uuid.UUID(int=102)


def book(**trades: str) -> Exposure:
    exposure = Exposure(id=uuid.UUID(int=5), tenant_id=uuid.UUID(int=1), partner_id=uuid.UUID(int=10))
    for trade_id, amount in zip((T1, T2), trades.values(), strict=False):
        exposure.open_trade(trade_id, Decimal(amount))
    return exposure


def test_a_reversal_raises_the_exposure_by_exactly_the_payment() -> None:
    exposure = book(a="105000.00", b="1000")
    assert exposure.record_payment(T1, Decimal("40000.25"))
    assert exposure.amount == Decimal("65999.75")
    assert exposure.reverse_payment(T1, Decimal("40000.25"))
    assert exposure.amount == Decimal("106000.00")
    assert exposure.trades[T1] == OpenTrade(T1, Decimal("105000.00"), Decimal(0))


def test_a_reversal_never_takes_paid_below_zero_nor_touches_unknown_trades() -> None:
    exposure = book(a="100")
    exposure.record_payment(T1, Decimal("10"))
    assert exposure.reverse_payment(T1, Decimal("25"))  # a payment this exposure missed
    assert exposure.trades[T1].paid == 0
    assert not exposure.reverse_payment(T1, Decimal("5"))  # nothing paid to reverse
    assert not exposure.reverse_payment(T2, Decimal("5"))
    with pytest.raises(InvalidRiskInput):
        exposure.reverse_payment(T1, Decimal(0))


def test_a_settled_trade_reopens_with_the_figures_given() -> None:
    exposure = book(a="1000")
    exposure.record_payment(T1, Decimal("1000"))
    assert exposure.close_trade(T1)
    version = exposure.version
    assert exposure.reopen_trade(T1, Decimal("1000"), Decimal("600"))
    assert (exposure.amount, exposure.version) == (Decimal("400"), version)  # one bump until saved
    assert not exposure.reopen_trade(T1, Decimal("1000"), Decimal("600"))
    with pytest.raises(InvalidRiskInput):
        exposure.reopen_trade(T1, Decimal("1000"), Decimal("-1"))


@given(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2), max_size=6))
def test_reversing_every_payment_restores_the_exposure(payments: list[Decimal]) -> None:
    exposure = book(a=str(sum(payments, Decimal("1"))))
    before = exposure.amount
    for amount in payments:
        exposure.record_payment(T1, amount)
    for amount in reversed(payments):
        exposure.reverse_payment(T1, amount)
    assert exposure.amount == before
