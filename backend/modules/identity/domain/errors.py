"""Identity errors; the HTTP layer maps each kind to a status."""

from __future__ import annotations

from backend.core.errors import Conflict, FieldError, NotFound, Unauthenticated, ValidationFailed


class InvalidIdentityInput(ValidationFailed):
    code = "invalid-input"
    title = "Invalid input"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors), errors)


class WeakPassword(ValidationFailed):
    code = "weak-password"
    title = "Password too weak"

    def __init__(self, reasons: list[str], field: str = "password") -> None:
        super().__init__("; ".join(reasons), [FieldError(field, reason) for reason in reasons])


class ResourceNotFound(NotFound):
    code = "not-found"

    def __init__(self, kind: str, reference: object) -> None:
        super().__init__(f"No {kind} {reference}")
        self.code = f"{kind.replace(' ', '-')}-not-found"
        self.title = f"{kind.capitalize()} not found"


class DuplicateResource(Conflict):
    code = "duplicate"

    def __init__(self, kind: str, field: str, value: str) -> None:
        super().__init__(f"A {kind} with {field} {value} already exists", extra={"field": field})
        self.code = f"duplicate-{kind.replace(' ', '-')}"
        self.title = f"{kind.capitalize()} already exists"


class InvalidCredentials(Unauthenticated):
    code = "invalid-credentials"
    title = "Invalid credentials"

    def __init__(self, detail: str = "username or password is wrong") -> None:
        super().__init__(detail)


class AccountLocked(Unauthenticated):
    code = "account-locked"
    title = "Account locked"

    def __init__(self) -> None:
        super().__init__("too many failed logins; the account is locked until a tenant admin unlocks it or it expires")


class AccountUnavailable(Unauthenticated):
    code = "account-unavailable"
    title = "Account not active"

    def __init__(self, status: str) -> None:
        super().__init__(f"the account is {status}")


class InvalidToken(Unauthenticated):
    code = "invalid-token"
    title = "Invalid token"


class RoleCycle(ValidationFailed):
    code = "role-cycle"
    title = "Role hierarchy would have a cycle"

    def __init__(self, path: list[str]) -> None:
        message = "role inheritance would loop: " + " -> ".join(path)
        super().__init__(message, [FieldError("inherits", message)])


class SeparationOfDutyConflict(Conflict):
    code = "separation-of-duty"
    title = "Separation of duty"

    def __init__(self, constraint: str, roles: list[str]) -> None:
        super().__init__(
            f"assignment breaks separation-of-duty set {constraint!r}: the user would hold {', '.join(roles)}",
            extra={"constraint": constraint, "roles": roles},
        )


class StateConflict(Conflict):
    code = "invalid-state"
    title = "Not allowed in the current state"


class SubUserLimitReached(Conflict):
    code = "sub-user-limit"
    title = "Sub-user limit reached"

    def __init__(self, limit: int) -> None:
        super().__init__(f"a partner user may create at most {limit} sub-users")
