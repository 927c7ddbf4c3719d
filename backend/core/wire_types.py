"""Field types for JSON at the edges (HTTP schemas, event contracts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

from backend.core.decimal_math import MAX_DIGITS, MAX_EXPONENT, plain_text, within_bounds


def _no_float(value: Any) -> Any:
    # a JSON float has already lost digits before we see it; insist on the exact text
    if isinstance(value, float):
        raise ValueError('decimal numbers travel as JSON strings, e.g. "355.56"')
    if isinstance(value, bool):
        raise ValueError("expected a decimal number as a string")
    return value


def _bounded(value: Decimal) -> Decimal:
    if not within_bounds(value):
        raise ValueError(
            f"expected a finite decimal with at most {MAX_DIGITS} digits, below 1e{MAX_EXPONENT}"
            f" and no finer than 1e-{MAX_EXPONENT}"
        )
    return value


DecimalStr = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    AfterValidator(_bounded),
    PlainSerializer(plain_text, return_type=str, when_used="json"),
]
"""A Decimal that arrives and leaves as a JSON string in positional notation, never a float."""
