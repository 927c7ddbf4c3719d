"""Exposure against the credit limit: the check, utilization bands and their crossings."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.core.errors import ValidationFailed
from backend.modules.risk.domain import events as ev
from backend.modules.risk.domain.enums import Band
from backend.modules.risk.domain.errors import CreditLimitExceeded, InvalidRiskInput
from backend.modules.risk.domain.exposure import (
    DEFAULT_BANDS,
    BandCrossing,
    Exposure,
    OpenTrade,
    UtilizationBands,
    assess,
    band_crossing,
    check,
    exposure_of,
    utilization,
)

TENANT = uuid.UUID(int=1)
PARTNER = uuid.UUID(int=10)
T1, T2, T3 = uuid.UUID(int=101), uuid.UUID(int=102), uuid.UUID(int=103)
LIMIT = Decimal("1000000.00")


def exposure(*trades: tuple[uuid.UUID, str]) -> Exposure:
    book = Exposure(id=uuid.UUID(int=5), tenant_id=TENANT, partner_id=PARTNER)
    for trade_id, amount in trades:
        book.open_trade(trade_id, Decimal(amount))
    return book


# the check


def test_exactly_at_the_limit_is_allowed() -> None:
    result = check(LIMIT, Decimal("600000.00"), Decimal("400000.00"))
    assert result.exposure_after == LIMIT
    assert result.within_limit
    assert result.available == Decimal("400000.00")


def test_one_paisa_over_the_limit_is_refused_naming_the_figures() -> None:
    with pytest.raises(CreditLimitExceeded) as refused:
        check(LIMIT, Decimal("600000.00"), Decimal("400000.01"), partner_id=PARTNER)
    error = refused.value
    assert isinstance(error, ValidationFailed)  # 422
    assert error.code == "credit-limit-exceeded"
    assert error.extra == {
        "limit": "1000000",
        "exposure": "600000",
        "amount": "400000.01",
        "available": "400000",
        "currency": "INR",
        "limit_recorded": True,
        "partner_id": str(PARTNER),
    }
    assert error.errors[0].field == "amount"
    assert "exceeds the credit limit of 1000000 INR" in error.detail


def test_no_limit_recorded_means_no_credit() -> None:
    assert check(None, Decimal(0), Decimal(0)).within_limit  # nothing on credit is fine
    with pytest.raises(CreditLimitExceeded) as refused:
        check(None, Decimal(0), Decimal("0.01"))
    assert refused.value.extra["limit"] == "0"
    assert refused.value.extra["limit_recorded"] is False
    assert "no credit limit is recorded" in refused.value.detail


def test_an_exposure_already_over_a_lowered_limit_refuses_everything_more() -> None:
    result = assess(Decimal(100), Decimal(150), Decimal(0))
    assert result.within_limit is False
    assert result.available == 0


@pytest.mark.parametrize(
    ("limit", "current", "amount", "field"),
    [
        (LIMIT, Decimal(0), Decimal(-1), "amount"),
        (LIMIT, Decimal(-1), Decimal(1), "exposure"),
        (Decimal(-1), Decimal(0), Decimal(1), "limit"),
        (LIMIT, Decimal(0), Decimal("NaN"), "amount"),
    ],
)
def test_the_check_refuses_malformed_figures(limit: Decimal, current: Decimal, amount: Decimal, field: str) -> None:
    with pytest.raises(InvalidRiskInput) as invalid:
        check(limit, current, amount)
    assert [e.field for e in invalid.value.errors] == [field]


@settings(max_examples=200)
@given(
    limit=st.decimals(min_value=0, max_value=10**9, places=2),
    current=st.decimals(min_value=0, max_value=10**9, places=2),
    amount=st.decimals(min_value=0, max_value=10**9, places=2),
)
def test_the_check_refuses_exactly_when_the_sum_exceeds_the_limit(
    limit: Decimal, current: Decimal, amount: Decimal
) -> None:
    assert assess(limit, current, amount).within_limit == (current + amount <= limit)


# utilization and bands


@pytest.mark.parametrize(
    ("used", "band"),
    [
        ("0", Band.GREEN),
        ("4999.99", Band.GREEN),  # 49.9999%
        ("4999", Band.GREEN),  # 49.99%
        ("5000", Band.YELLOW),  # 50%
        ("8999", Band.YELLOW),  # 89.99%
        ("8999.99", Band.YELLOW),
        ("9000", Band.RED),  # 90%
        ("10000", Band.RED),
        ("12000", Band.RED),  # over a lowered limit
    ],
)
def test_band_boundaries(used: str, band: Band) -> None:
    assert DEFAULT_BANDS.band_for(Decimal(used), Decimal(10000)) is band


def test_bands_compare_exactly_even_when_the_percentage_does_not_terminate() -> None:
    # 89.99999...% shows as 90 once rounded to 12 places, yet it is below 90%: still yellow
    limit, used = Decimal(3), Decimal("2.6999999999999999999999999")
    assert utilization(used, limit) == Decimal(90)
    assert DEFAULT_BANDS.band_for(used, limit) is Band.YELLOW
    assert DEFAULT_BANDS.band_for(Decimal("2.7"), limit) is Band.RED
    assert utilization(Decimal(1), limit) == Decimal("33.333333333333")


def test_utilization_is_a_percentage_and_undefined_without_credit() -> None:
    assert utilization(Decimal(4999), Decimal(10000)) == Decimal("49.99")
    assert utilization(Decimal(0), None) == 0
    assert utilization(Decimal(1), None) is None
    assert utilization(Decimal(1), Decimal(0)) is None
    assert DEFAULT_BANDS.band_for(Decimal(0), None) is Band.GREEN
    assert DEFAULT_BANDS.band_for(Decimal("0.01"), None) is Band.RED


def test_band_thresholds_are_configurable() -> None:
    strict = UtilizationBands(yellow_from=Decimal(25), red_from=Decimal("75.5"))
    assert strict.band_for(Decimal(2499), Decimal(10000)) is Band.GREEN
    assert strict.band_for(Decimal(2500), Decimal(10000)) is Band.YELLOW
    assert strict.band_for(Decimal(7549), Decimal(10000)) is Band.YELLOW
    assert strict.band_for(Decimal(7550), Decimal(10000)) is Band.RED


@pytest.mark.parametrize(("yellow", "red"), [(50, 50), (90, 50), (0, 90), (-1, 90)])
def test_band_thresholds_must_be_ordered_and_positive(yellow: int, red: int) -> None:
    with pytest.raises(InvalidRiskInput):
        UtilizationBands(yellow_from=Decimal(yellow), red_from=Decimal(red))


def test_band_crossing_only_when_the_band_changes() -> None:
    assert band_crossing(Band.GREEN, Band.GREEN) is None
    up = band_crossing(Band.GREEN, Band.RED)
    assert up == BandCrossing(Band.GREEN, Band.RED)
    assert up.worsened
    down = band_crossing(Band.RED, Band.YELLOW)
    assert down is not None
    assert not down.worsened


# the aggregate


def test_exposure_is_open_trade_value_not_yet_paid() -> None:
    book = exposure((T1, "100000.00"), (T2, "250000.50"))
    assert book.amount == Decimal("350000.50")
    assert book.record_payment(T1, Decimal("40000"))
    assert book.record_payment(T1, Decimal("10000.25"))
    assert book.amount == Decimal("300000.25")
    assert book.trades[T1].paid == Decimal("50000.25")
    assert book.close_trade(T2)
    assert not book.close_trade(T2)
    assert book.amount == Decimal("49999.75")


def test_an_overpaid_trade_counts_zero_not_negative() -> None:
    assert OpenTrade(T1, Decimal(100), Decimal(150)).outstanding == 0
    assert exposure_of([OpenTrade(T1, Decimal(100), Decimal(150)), OpenTrade(T2, Decimal(30))]) == 30


def test_opening_a_trade_twice_counts_it_once_and_amendments_revalue_it() -> None:
    book = exposure((T1, "1000"))
    assert not book.open_trade(T1, Decimal(1000))
    book.record_payment(T1, Decimal(200))
    assert book.revalue_trade(T1, Decimal(1500))
    assert not book.revalue_trade(T1, Decimal(1500))
    assert not book.revalue_trade(T3, Decimal(1))  # not counted here
    assert book.amount == Decimal(1300)


def test_a_payment_must_be_positive_and_one_for_an_unknown_trade_is_ignored() -> None:
    book = exposure((T1, "1000"))
    with pytest.raises(InvalidRiskInput):
        book.record_payment(T1, Decimal(0))
    assert not book.record_payment(T3, Decimal(10))
    assert book.amount == Decimal(1000)


def test_the_aggregate_checks_its_own_exposure() -> None:
    book = exposure((T1, "600000.00"))
    assert book.check(LIMIT, Decimal("400000.00")).within_limit
    with pytest.raises(CreditLimitExceeded) as refused:
        book.check(LIMIT, Decimal("400000.01"))
    assert refused.value.extra["partner_id"] == str(PARTNER)


def test_an_event_is_recorded_only_when_a_band_is_crossed() -> None:
    book = exposure((T1, "4999.99"))
    assert book.refresh_band(Decimal(10000)) is None  # still green
    assert book.pull_events() == []

    book.open_trade(T2, Decimal("0.01"))  # exactly 50%
    assert book.refresh_band(Decimal(10000)) == BandCrossing(Band.GREEN, Band.YELLOW)
    assert book.refresh_band(Decimal(10000)) is None  # no news the second time
    [crossed] = book.pull_events()
    assert isinstance(crossed, ev.UtilizationBandCrossed)
    assert (crossed.from_band, crossed.to_band, crossed.exposure, crossed.utilization) == (
        "green",
        "yellow",
        Decimal(5000),
        Decimal(50),
    )

    book.open_trade(T3, Decimal(4000))  # 90%
    assert book.refresh_band(Decimal(10000)) == BandCrossing(Band.YELLOW, Band.RED)
    book.close_trade(T3)
    book.close_trade(T2)
    assert book.refresh_band(Decimal(10000)) == BandCrossing(Band.RED, Band.GREEN)
    assert [e.to_band for e in book.pull_events() if isinstance(e, ev.UtilizationBandCrossed)] == ["red", "green"]
    assert book.band is Band.GREEN


def test_a_lowered_limit_can_cross_a_band_without_a_trade() -> None:
    book = exposure((T1, "4000"))
    assert book.refresh_band(Decimal(10000)) is None
    assert book.refresh_band(Decimal(5000)) == BandCrossing(Band.GREEN, Band.YELLOW)
    assert book.refresh_band(Decimal(4000)) == BandCrossing(Band.YELLOW, Band.RED)
