"""The base of every HTTP input: no unknown fields, no NaN or infinity, and no NUL in any text.

PostgreSQL cannot store U+0000 in text, so a NUL that got past the schema failed at the insert as a
500; refused here, it is a 422 naming the field like any other bad value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

NUL = "\x00"


def holds_nul(value: Any) -> bool:
    """Whether ``value`` (text, or a list, set or mapping of them) holds a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, Mapping):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(holds_nul(item) for item in value)
    return False  # numbers, dates, ids, and nested inputs (checked by their own validator)


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if holds_nul(value):
            raise ValueError("text must not contain the NUL character (U+0000)")
        return value
