"""Unit tables and exact conversions between a commodity's units."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backend.modules.commodities.domain.commodity import Commodity
from backend.modules.commodities.domain.errors import UnknownUnit
from backend.modules.commodities.domain.units import TradingUnit, UnitTable
from tests.fakes.commodity_definitions import cotton, units
from tests.unit.exactness import assert_plain, terminates

# up to 8 decimal places, up to a trillion (of grams, say)
quantities = st.integers(min_value=0, max_value=8).flatmap(
    lambda places: st.decimals(
        min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=places, allow_nan=False, allow_infinity=False
    )
)
# > 0, up to 6 decimal places, up to a million (grams in a tonne)
factors = st.integers(min_value=0, max_value=6).flatmap(
    lambda places: st.decimals(
        min_value=Decimal("0.000001"), max_value=Decimal("1e6"), places=places, allow_nan=False, allow_infinity=False
    )
)


def with_unit(factor: Decimal) -> Commodity:
    return Commodity.register(cotton(units=(("LOT", factor),), quality_parameters=()))


@settings(max_examples=200, deadline=None)
@given(quantities, factors)
@example(Decimal("0.00000001"), Decimal("1"))
@example(Decimal("123456789012.12345678"), Decimal("123456.123456"))
def test_unit_to_base_and_back_is_exact(quantity: Decimal, factor: Decimal) -> None:
    commodity = with_unit(factor)

    in_base = commodity.convert(quantity, "LOT", "KG")
    back = commodity.convert(in_base.quantity, "KG", "LOT")

    assert in_base.exact
    assert Fraction(in_base.quantity) == Fraction(quantity) * Fraction(factor)
    assert back.exact
    assert back.quantity == quantity
    assert_plain(in_base.quantity)
    assert_plain(back.quantity)


@settings(max_examples=200, deadline=None)
@given(quantities, factors)
def test_base_to_unit_and_back_is_exact_when_reported_exact(quantity: Decimal, factor: Decimal) -> None:
    commodity = with_unit(factor)

    in_unit = commodity.convert(quantity, "KG", "LOT")

    assert in_unit.exact == terminates(Fraction(quantity) / Fraction(factor))
    if in_unit.exact:
        assert Fraction(in_unit.quantity) == Fraction(quantity) / Fraction(factor)
        back = commodity.convert(in_unit.quantity, "LOT", "KG")
        assert back.exact
        assert back.quantity == quantity


@settings(max_examples=200, deadline=None)
@given(quantities, factors, factors)
def test_exact_is_false_only_for_non_terminating_ratios(quantity: Decimal, first: Decimal, second: Decimal) -> None:
    commodity = Commodity.register(cotton(units=(("AAA", first), ("BBB", second)), quality_parameters=()))
    ratio = Fraction(quantity) * Fraction(first) / Fraction(second)

    result = commodity.convert(quantity, "AAA", "BBB")

    assert result.exact == terminates(ratio)
    if not result.exact:
        assert abs(Fraction(result.quantity) - ratio) <= Fraction(1, 2 * 10**12)
    assert_plain(result.quantity)


def test_one_candy_in_kilograms_and_back() -> None:
    commodity = Commodity.register(cotton())

    kilograms = commodity.convert(Decimal(1), "CANDY", "KG")
    assert (kilograms.quantity, kilograms.unit, kilograms.exact) == (Decimal("355.56"), "KG", True)

    candies = commodity.convert(kilograms.quantity, "KG", "CANDY")
    assert (candies.quantity, candies.unit, candies.exact) == (Decimal(1), "CANDY", True)


def test_a_kilogram_in_candies_does_not_terminate() -> None:
    result = Commodity.register(cotton()).convert(Decimal(1), "KG", "CANDY")
    assert not result.exact
    assert result.quantity == Decimal("0.002812464844")


def test_bales_to_candies_through_the_base_unit() -> None:
    # 8889 bales of 170 kg are 1,511,130 kg, exactly 4250 candies of 355.56 kg
    result = Commodity.register(cotton()).convert(Decimal(8889), "bale", " candy ")
    assert (result.quantity, result.unit, result.exact) == (Decimal(4250), "CANDY", True)


def test_converting_to_the_same_unit_is_the_identity() -> None:
    result = Commodity.register(cotton()).convert(Decimal("12.50"), "BALE", "BALE")
    assert (result.quantity, result.exact) == (Decimal("12.5"), True)


@pytest.mark.parametrize(("from_unit", "to_unit", "field"), [("TON", "KG", "from_unit"), ("KG", "LB", "to_unit")])
def test_unknown_units_name_the_field_and_the_known_units(from_unit: str, to_unit: str, field: str) -> None:
    with pytest.raises(UnknownUnit) as unknown:
        Commodity.register(cotton()).convert(Decimal(1), from_unit, to_unit)
    assert unknown.value.errors[0].field == field
    assert "KG, BALE, CANDY, QUINTAL" in unknown.value.detail


def test_build_puts_the_base_unit_first_with_factor_one() -> None:
    table, errors = UnitTable.build(" kg ", units(("bale", "170.000"), ("KG", "1"), ("Candy", "355.56")))
    assert errors == []
    assert table == UnitTable(
        "KG",
        (TradingUnit("KG", Decimal(1)), TradingUnit("BALE", Decimal(170)), TradingUnit("CANDY", Decimal("355.56"))),
    )
    assert table.factor_of("candy") == Decimal("355.56")
    assert table.factor_of("TON") is None


@pytest.mark.parametrize("factor", ["0", "-170", "-0.000001", "NaN", "Infinity"])
def test_build_refuses_a_factor_that_is_not_positive(factor: str) -> None:
    table, errors = UnitTable.build("KG", units(("QUINTAL", "100"), ("BALE", factor)))
    assert table is None
    assert [error.field for error in errors] == ["units.1.factor"]
    assert "greater than zero" in errors[0].message


def test_build_refuses_a_unit_listed_twice() -> None:
    table, errors = UnitTable.build("KG", units(("BALE", "170"), ("bale", "170")))
    assert table is None
    assert [error.field for error in errors] == ["units.1.code"]
    assert "listed twice" in errors[0].message


@pytest.mark.parametrize("code", ["", "1BALE", "BALE-1", "B ALE", "A" * 17, "KG/BAG"])
def test_build_refuses_a_bad_unit_code(code: str) -> None:
    table, errors = UnitTable.build("KG", units(("BALE", "170"), (code, "10")))
    assert table is None
    assert [error.field for error in errors] == ["units.1.code"]


def test_build_refuses_a_bad_base_unit() -> None:
    table, errors = UnitTable.build("kilo gram", units(("BALE", "170")))
    assert table is None
    assert [error.field for error in errors] == ["base_unit"]


def test_build_refuses_the_base_unit_with_a_factor_other_than_one() -> None:
    table, errors = UnitTable.build("KG", units(("BALE", "170"), ("kg", "1000")))
    assert table is None
    assert [error.field for error in errors] == ["units.1.factor"]
    assert "base unit KG has factor 1" in errors[0].message


def test_build_reports_every_error_at_once() -> None:
    _, errors = UnitTable.build("KG", units(("BALE", "0"), ("BALE", "170"), ("BALE", "171"), ("9", "1")))
    assert [error.field for error in errors] == ["units.0.factor", "units.2.code", "units.3.code"]
