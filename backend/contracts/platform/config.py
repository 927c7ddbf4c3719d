"""Runtime configuration keys: each context declares its own in code, like permissions.

A key has a JSON Schema its values must satisfy, a default, and the scopes it may be set at
(``platform``, ``tenant``, ``branch``; the narrowest set value wins). Feature flags are keys whose
value is a targeting rule (on/off, tenant allow and deny lists, a percentage of tenants).
Values are configuration, never secrets: secrets come through ``backend.core.secrets``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError

SCOPES = ("platform", "tenant", "branch")  # widest first
FLAG_PREFIX = "feature."

_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
MAX_KEY_LENGTH = 100
_SECRET_WORDS = ("secret", "password", "private_key", "credential")
_REGISTRY: dict[str, ConfigKey] = {}

_TENANT_IDS = {"type": "array", "items": {"type": "string", "format": "uuid"}, "uniqueItems": True}
FLAG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "enabled": {"type": "boolean", "description": "false turns the feature off for everyone"},
        "allow_tenants": {**_TENANT_IDS, "description": "always on for these tenants (when enabled)"},
        "deny_tenants": {**_TENANT_IDS, "description": "always off for these tenants"},
        "percentage": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100,
            "description": "on for this share of the other tenants (a stable hash of tenant and flag)",
        },
    },
    "required": ["enabled"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class ConfigKey:
    """One declared key; ``flag`` keys hold a targeting rule (``FLAG_SCHEMA``)."""

    key: str
    description: str
    schema: Mapping[str, Any]
    default: Any
    scopes: tuple[str, ...]
    flag: bool = False


def validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    """A validator for ``schema`` that also checks formats such as ``uuid``."""
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def declare(
    key: str,
    description: str,
    *,
    schema: Mapping[str, Any],
    default: Any,
    scopes: tuple[str, ...] = SCOPES,
    flag: bool = False,
) -> ConfigKey:
    """Register a key (idempotent for an identical declaration) and return it.

    Raises ``ValueError`` for a malformed name, an invalid schema, a default the schema refuses,
    or a second, different declaration of the same key.
    """
    if not _KEY.fullmatch(key) or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"config key {key!r} must look like 'context.name' (lower case, at most {MAX_KEY_LENGTH})")
    if any(word in key for word in _SECRET_WORDS):
        raise ValueError(f"config key {key!r} looks like a secret; secrets come through backend.core.secrets")
    if key.startswith(FLAG_PREFIX) != flag:
        raise ValueError(f"config key {key!r}: feature flags, and only they, are named '{FLAG_PREFIX}<name>'")
    if not scopes or any(scope not in SCOPES for scope in scopes) or len(set(scopes)) != len(scopes):
        raise ValueError(f"config key {key}: scopes must be some of {', '.join(SCOPES)}, got {scopes}")
    try:
        Draft202012Validator.check_schema(schema)
        validator(schema).validate(default)
    except SchemaError as error:
        raise ValueError(f"config key {key}: invalid JSON Schema: {error.message}") from error
    except ValidationError as error:
        raise ValueError(f"config key {key}: the default does not satisfy the schema: {error.message}") from error
    ordered = tuple(scope for scope in SCOPES if scope in scopes)
    declared = ConfigKey(key, description, copy.deepcopy(dict(schema)), copy.deepcopy(default), ordered, flag)
    existing = _REGISTRY.get(key)
    if existing is not None and existing != declared:
        raise ValueError(f"config key {key} is declared twice, differently")
    _REGISTRY[key] = existing or declared
    return _REGISTRY[key]


def declare_flag(
    name: str,
    description: str,
    *,
    enabled: bool = False,
    percentage: int = 100,
    scopes: tuple[str, ...] = ("platform",),
) -> ConfigKey:
    """Register the feature flag ``feature.<name>``; by default off, and set by the platform only."""
    default = {"enabled": enabled, "allow_tenants": [], "deny_tenants": [], "percentage": percentage}
    return declare(f"{FLAG_PREFIX}{name}", description, schema=FLAG_SCHEMA, default=default, scopes=scopes, flag=True)


def declared_keys() -> list[ConfigKey]:
    """Every declared key, by name."""
    return sorted(_REGISTRY.values(), key=lambda k: k.key)


def declared_key(key: str) -> ConfigKey | None:
    return _REGISTRY.get(key)
