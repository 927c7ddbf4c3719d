"""Errors shared by every context.

Each context derives its own domain errors from these kinds; the HTTP layer maps a kind to a status
code in one table, so a context never thinks about HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One invalid input field: ``field`` is a dotted path such as ``units.0.factor``."""

    field: str
    message: str


class MandiError(Exception):
    """Base of every expected error; ``code`` is a stable slug used in problem types."""

    code: str = "error"
    title: str = "Request failed"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class NotFound(MandiError):
    """The addressed resource does not exist (or is not visible to the caller)."""

    code = "not-found"
    title = "Resource not found"


class Conflict(MandiError):
    """The request contradicts the current state (duplicate key, illegal transition)."""

    code = "conflict"
    title = "Conflict with current state"


class ConcurrencyConflict(Conflict):
    """Someone else changed the resource first; retry after reading it again."""

    code = "concurrent-modification"
    title = "Resource was modified concurrently"


class PreconditionFailed(MandiError):
    """An ``If-Match`` style precondition did not hold."""

    code = "precondition-failed"
    title = "Precondition failed"


class ValidationFailed(MandiError):
    """Input that is well-formed but breaks a business rule; names each offending field."""

    code = "validation-failed"
    title = "Invalid input"

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or []


class PreconditionRequired(MandiError):
    """A change needs ``If-Match`` so it cannot silently overwrite someone else's edit."""

    code = "precondition-required"
    title = "Precondition required"


class Unauthenticated(MandiError):
    """No credentials, or credentials that do not prove who the caller is."""

    code = "unauthenticated"
    title = "Authentication required"


class Forbidden(MandiError):
    """The caller is known but may not do this."""

    code = "forbidden"
    title = "Not allowed"


class TooManyRequests(MandiError):
    """Slow down; ``retry_after`` seconds until the next attempt may succeed."""

    code = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, extra={"retry_after": retry_after})
        self.retry_after = retry_after


class MakerCheckerViolation(Forbidden):
    """Dynamic separation of duty: whoever made a thing cannot also approve it."""

    code = "maker-checker"
    title = "Maker cannot check"
