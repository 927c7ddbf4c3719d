"""Versions as strong ETags, and the ``If-Match`` precondition for changes."""

from __future__ import annotations

import re

from backend.core.errors import PreconditionFailed, PreconditionRequired

_ETAG = re.compile(r'^(?:W/)?"(\d{1,18})"$|^(\d{1,18})$')


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None, *, required: bool) -> int | None:
    """The version the caller last saw; ``None`` for ``*`` (or an optional header left out)."""
    if if_match is None:
        if required:
            raise PreconditionRequired("send If-Match with the version (ETag) you last read")
        return None
    value = if_match.strip()
    if value == "*":
        return None
    match = _ETAG.match(value)
    if match is None:
        raise PreconditionFailed(f"If-Match {if_match!r} does not match the current version")
    return int(match.group(1) or match.group(2))
