from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.modules.trading.domain.errors import InvalidTradingInput
from backend.modules.trading.domain.locations import AddressSnapshot, LocationRole, choose_location
from backend.modules.trading.domain.money import round_money
from backend.modules.trading.domain.tax import compute_gst
from tests.unit.trading.builders import address, location

D = Decimal
GUJARAT, GUJARAT_2, MAHARASHTRA = address("Rajkot", "24"), address("Ahmedabad", "24", n=2), address("Mumbai", "27")


def test_same_state_splits_into_cgst_and_sgst_at_half_the_rate() -> None:
    tax = compute_gst(D("100000"), D("5"), "INR", GUJARAT, GUJARAT_2)
    assert (tax.cgst, tax.sgst, tax.igst, tax.regime) == (D("2500.00"), D("2500.00"), D("0.00"), "intra_state")
    assert tax.total == D("5000.00")


def test_different_states_pay_igst_at_the_full_rate() -> None:
    tax = compute_gst(D("100000"), D("5"), "INR", GUJARAT, MAHARASHTRA)
    assert (tax.cgst, tax.sgst, tax.igst, tax.regime) == (D("0.00"), D("0.00"), D("5000.00"), "inter_state")


def test_the_odd_paisa_is_rounded_in_each_half() -> None:
    # 2.5% of 1.00 is 0.025: each half rounds up to 0.03, the intra-state total is 0.06
    intra = compute_gst(D("1.00"), D("5"), "INR", GUJARAT, GUJARAT_2)
    assert (intra.cgst, intra.sgst, intra.total) == (D("0.03"), D("0.03"), D("0.06"))
    inter = compute_gst(D("1.00"), D("5"), "INR", GUJARAT, MAHARASHTRA)
    assert inter.igst == D("0.05")
    # 2.5% of 1.18 is 0.0295 -> 0.03 each; 5% of 1.18 is 0.059 -> 0.06
    odd = compute_gst(D("1.18"), D("5"), "INR", GUJARAT, GUJARAT_2)
    assert (odd.cgst, odd.sgst, odd.total) == (D("0.03"), D("0.03"), D("0.06"))


@given(st.decimals(min_value=0, max_value=10**10, places=2), st.sampled_from(["0", "0.25", "3", "5", "12", "18", "28"]))
def test_halves_are_equal_add_up_and_stay_within_a_paisa_of_igst(taxable: Decimal, rate: str) -> None:
    intra = compute_gst(taxable, D(rate), "INR", GUJARAT, GUJARAT_2)
    inter = compute_gst(taxable, D(rate), "INR", GUJARAT, MAHARASHTRA)
    assert intra.cgst == intra.sgst
    assert intra.total == intra.cgst + intra.sgst
    assert abs(intra.total - inter.igst) <= D("0.01")
    assert inter.igst == round_money(taxable * D(rate) / 100, "INR")


def test_outside_india_there_is_no_gst_here() -> None:
    abroad = address("Dhaka", "13", "BD")
    export = compute_gst(D("1000"), D("5"), "INR", GUJARAT, abroad)
    assert (export.total, export.regime) == (D("0.00"), "outside_gst")
    assert compute_gst(D("1000"), D("5"), "USD", abroad, GUJARAT).total == 0


def test_rounding_follows_the_currency() -> None:
    yen = compute_gst(D("1001"), D("5"), "JPY", GUJARAT, MAHARASHTRA)
    assert yen.igst == D("50")
    assert str(yen.igst) == "50"


def test_the_rate_is_a_percentage() -> None:
    with pytest.raises(InvalidTradingInput):
        compute_gst(D("1"), D("101"), "INR", GUJARAT, GUJARAT_2)
    with pytest.raises(InvalidTradingInput):
        compute_gst(D("1"), D("-1"), "INR", GUJARAT, GUJARAT_2)


def test_an_explicit_choice_wins_if_eligible() -> None:
    options = [location(1, can_receive=True, default_ship_to=True), location(2, can_receive=True)]
    chosen = choose_location(LocationRole.SHIP_TO, options, options[1].id)
    assert chosen.location_id == options[1].id
    assert isinstance(chosen, AddressSnapshot)
    with pytest.raises(InvalidTradingInput) as raised:
        choose_location(LocationRole.SHIP_FROM, options, options[1].id)
    assert raised.value.errors[0].field == "ship_from_location_id"


def test_else_the_only_eligible_one() -> None:
    options = [location(1, can_ship_from=True), location(2, can_receive=True)]
    assert choose_location(LocationRole.SHIP_FROM, options).location_id == options[0].id
    assert choose_location(LocationRole.SHIP_TO, options).location_id == options[1].id


def test_else_the_default() -> None:
    options = [location(1, can_bill=True), location(2, can_bill=True, default_bill_to=True)]
    assert choose_location(LocationRole.BILL_TO, options).location_id == options[1].id


def test_ambiguous_or_none_is_a_422_listing_the_choice() -> None:
    options = [location(1, can_receive=True), location(2, can_receive=True)]
    with pytest.raises(InvalidTradingInput) as raised:
        choose_location(LocationRole.SHIP_TO, options)
    assert raised.value.errors[0].field == "ship_to_location_id"
    assert "Location 1" in raised.value.errors[0].message
    assert "Location 2" in raised.value.errors[0].message
    with pytest.raises(InvalidTradingInput, match="no location"):
        choose_location(LocationRole.BILL_TO, options)
    # a default that is not eligible does not count
    with pytest.raises(InvalidTradingInput):
        choose_location(LocationRole.SHIP_TO, [*options, location(3, default_ship_to=True)])


def test_the_snapshot_copies_the_address() -> None:
    source = location(1, can_receive=True)
    snapshot = choose_location(LocationRole.SHIP_TO, [source])
    assert (snapshot.name, snapshot.city, snapshot.state_code, snapshot.country) == (
        "Location 1",
        "Rajkot",
        "24",
        "IN",
    )
