"""Field types shared by every HTTP schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from backend.core.decimal_math import canonical


def _no_float(value: Any) -> Any:
    # a JSON float has already lost digits before we see it; insist on the exact text
    if isinstance(value, float):
        raise ValueError('decimal numbers travel as JSON strings, e.g. "355.56"')
    if isinstance(value, bool):
        raise ValueError("expected a decimal number as a string")
    return value


DecimalStr = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    PlainSerializer(lambda value: str(canonical(value)), return_type=str, when_used="json"),
]
