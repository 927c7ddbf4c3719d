"""DecimalStr: exact decimals at the HTTP edge, never floats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from backend.api.types import DecimalStr


class Quantity(BaseModel):
    value: DecimalStr


@pytest.mark.parametrize(
    ("raw", "expected"), [("355.56", Decimal("355.56")), (170, Decimal(170)), ("0.1", Decimal("0.1"))]
)
def test_strings_and_integers_are_accepted(raw: object, expected: Decimal) -> None:
    assert Quantity.model_validate({"value": raw}).value == expected


def test_json_strings_are_accepted_exactly() -> None:
    assert Quantity.model_validate_json('{"value": "355.56"}').value == Decimal("355.56")


@pytest.mark.parametrize("raw", [355.56, 1.0, True, False])
def test_floats_and_bools_are_refused(raw: object) -> None:
    with pytest.raises(ValidationError):
        Quantity.model_validate({"value": raw})


def test_json_floats_are_refused() -> None:
    with pytest.raises(ValidationError, match="JSON strings"):
        Quantity.model_validate_json('{"value": 355.56}')


def test_serialised_as_canonical_string_in_json() -> None:
    assert Quantity(value=Decimal("170.000")).model_dump(mode="json") == {"value": "170"}
    assert Quantity(value=Decimal("170.000")).model_dump_json() == '{"value":"170"}'


@pytest.mark.parametrize(
    ("value", "text"), [("0.00000001", "0.00000001"), ("0.0000004", "0.0000004"), ("1E+3", "1000")]
)
def test_serialised_without_exponent_notation(value: str, text: str) -> None:
    # 1 g of copper is 0.0000004 LOT; a client expects "0.0000004", not "4E-7"
    assert Quantity(value=Decimal(value)).model_dump(mode="json") == {"value": text}


@pytest.mark.parametrize("raw", ["1e10000000", "1e-10000000", "1E+400000000"])
def test_absurd_exponents_are_refused_at_the_edge(raw: str) -> None:
    # such a quantity keeps the exact converter (Fraction, factoring out 2s and 5s) busy for minutes
    with pytest.raises(ValidationError):
        Quantity.model_validate({"value": raw})
