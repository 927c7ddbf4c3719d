"""Plain JSON-able forms of partner parts, for read models and published events.

Bank account numbers and IBANs never leave the context in full: only their last four characters.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, overload

from backend.modules.partners.domain.amendments import CreditLimitChange, Value
from backend.modules.partners.domain.parts import BankAccount

VISIBLE_DIGITS = 4


def mask(number: str | None) -> str | None:
    """All but the last four characters hidden: ``********7890``."""
    if number is None:
        return None
    shown = number[-VISIBLE_DIGITS:]
    return "*" * max(len(number) - VISIBLE_DIGITS, 0) + shown


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@overload
def value_dict(value: Value) -> dict[str, Any]: ...


@overload
def value_dict(value: None) -> None: ...


def value_dict(value: Value | None) -> dict[str, Any] | None:
    """An amendment's old or new value as a JSON object (decimals and ids as strings)."""
    if value is None:
        return None
    if isinstance(value, CreditLimitChange):
        return {"amount": str(value.amount), "currency": value.currency}
    raw = dataclasses.asdict(value)
    if isinstance(value, BankAccount):
        raw["account_number"], raw["iban"] = mask(value.account_number), mask(value.iban)
    plain: dict[str, Any] = _plain(raw)
    return plain
