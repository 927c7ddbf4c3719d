"""Opaque cursors for keyset pagination (``limit``, ``cursor`` in; ``next_cursor`` out)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

import orjson
from fastapi import Query

from backend.core.errors import FieldError, ValidationFailed

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of the previous page")]


class InvalidCursor(ValidationFailed):
    code = "invalid-cursor"
    title = "Invalid cursor"

    def __init__(self) -> None:
        message = "cursor is not one this API issued; start again without it"
        super().__init__(message, [FieldError("query.cursor", message)])


def encode_cursor(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")


def decode_cursor(cursor: str, *keys: str) -> dict[str, Any]:
    """The position inside ``cursor``; it must hold exactly ``keys`` as strings."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError) as error:
        raise InvalidCursor() from error
    if not isinstance(position, dict) or set(position) != set(keys):
        raise InvalidCursor()
    if not all(isinstance(position[key], str) for key in keys):
        raise InvalidCursor()
    return position
