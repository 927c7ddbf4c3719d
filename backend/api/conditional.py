"""Conditional GETs of reference data: ``ETag`` on the answer, ``304 Not Modified`` for a match.

``If-None-Match`` compares weakly (RFC 9110 13.1.2): ``W/"x"`` matches ``"x"``; ``*`` matches any
current representation. A 304 carries the ETag and no body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Header, Response, status

# clients may keep tenant data, but only privately and never without asking whether it changed
CACHE_CONTROL = "private, no-cache"

IfNoneMatch = Annotated[
    str | None, Header(description='ETags you hold, e.g. "3" or W/"a1b2"; a match answers 304 without a body')
]

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    status.HTTP_304_NOT_MODIFIED: {"description": "Not modified: the copy you hold (If-None-Match) is current"}
}


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def matches(if_none_match: str | None, tag: str) -> bool:
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = _opaque(tag)
    return any(_opaque(candidate) == wanted for candidate in if_none_match.split(","))


def weak_etag(parts: Iterable[object]) -> str:
    """A weak ETag over the versions a representation is built from (a page: each item's id and version)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def conditional(response: Response, tag: str, if_none_match: str | None) -> Response | None:
    """Sets the validators on ``response``; returns the 304 to send instead when the client's copy is current."""
    if matches(if_none_match, tag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag, "Cache-Control": CACHE_CONTROL})
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = CACHE_CONTROL
    return None
