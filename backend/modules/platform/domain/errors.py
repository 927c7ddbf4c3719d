"""Runtime configuration errors; the HTTP layer maps each kind to a status."""

from __future__ import annotations

from backend.core.errors import FieldError, Forbidden, NotFound, ValidationFailed


class UnknownConfigKey(NotFound):
    code = "unknown-config-key"
    title = "Unknown configuration key"

    def __init__(self, key: str) -> None:
        super().__init__(f"No configuration key {key!r} is declared", extra={"key": key})


class ConfigValueNotSet(NotFound):
    code = "config-value-not-set"
    title = "No value at this scope"

    def __init__(self, key: str, where: str) -> None:
        super().__init__(f"{key} has no value set at {where}", extra={"key": key})


class InvalidConfigValue(ValidationFailed):
    """The value breaks the key's JSON Schema; names the key and where in the value it fails."""

    code = "invalid-config-value"
    title = "Value does not match the key's schema"

    def __init__(self, key: str, errors: list[FieldError]) -> None:
        super().__init__(f"{key}: " + "; ".join(f"{e.field}: {e.message}" for e in errors), errors)
        self.extra = {"key": key}


class InvalidConfigTarget(ValidationFailed):
    """A scope without the ids it needs, or one the key may not be set at."""

    code = "invalid-config-scope"
    title = "Invalid configuration scope"

    def __init__(self, message: str, field: str = "scope") -> None:
        super().__init__(message, [FieldError(field, message)])


class ConfigScopeForbidden(Forbidden):
    code = "config-scope-forbidden"
    title = "Configuration scope not allowed"
