"""Application views to HTTP shapes, and cursors for identity's lists."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from backend.api.pagination import InvalidCursor, decode_cursor, encode_cursor

M = TypeVar("M", bound=BaseModel)


def read(model: type[M], view: Any) -> M:
    return model.model_validate(view, from_attributes=True)


def page_of(model: type[M], views: Sequence[Any], limit: int, key: Callable[[Any], str]) -> dict[str, Any]:
    """``views`` holds up to ``limit + 1`` rows; the extra one only says another page exists."""
    items = [read(model, v) for v in views[:limit]]
    next_cursor = encode_cursor({"after": key(views[limit - 1])}) if len(views) > limit else None
    return {"items": items, "next_cursor": next_cursor}


def after(cursor: str | None) -> str | None:
    return decode_cursor(cursor, "after")["after"] if cursor else None


def after_uuid(cursor: str | None) -> uuid.UUID | None:
    position = after(cursor)
    try:
        return None if position is None else uuid.UUID(position)
    except ValueError as error:
        raise InvalidCursor() from error
