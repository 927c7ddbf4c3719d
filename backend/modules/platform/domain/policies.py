"""Named rules of runtime configuration: a value fits its schema, a scope fits its key and its writer."""

from __future__ import annotations

import json
import uuid
from typing import Any

from jsonschema import Draft202012Validator

from backend.core.errors import FieldError
from backend.modules.platform.domain.definitions import KeyDefinition
from backend.modules.platform.domain.errors import ConfigScopeForbidden, InvalidConfigTarget, InvalidConfigValue
from backend.modules.platform.domain.scopes import Scope, Target

MAX_ERRORS = 10


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON documents (Python's ``1 == True`` must not hide a change)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def ensure_valid_value(definition: KeyDefinition, value: Any) -> None:
    """Raise ``InvalidConfigValue`` naming the key and each place the value breaks its schema."""
    validator = Draft202012Validator(definition.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))[:MAX_ERRORS]
    if errors:
        found = [FieldError(".".join(["value", *map(str, e.absolute_path)]), e.message) for e in errors]
        raise InvalidConfigValue(definition.key, found)


def ensure_scope_allowed(definition: KeyDefinition, target: Target) -> None:
    if str(target.scope) not in definition.scopes:
        raise InvalidConfigTarget(
            f"{definition.key} can be set at {', '.join(definition.scopes)} scope, not at {target.scope} scope"
        )


def ensure_may_write(
    target: Target, *, platform: bool, tenant_id: uuid.UUID | None, branches: frozenset[uuid.UUID] | None
) -> None:
    """Platform operators set any scope; a tenant's people only their own tenant, and a writer
    limited to some branches (``branches``) only those branches."""
    if platform:
        return
    if target.scope is Scope.PLATFORM:
        raise ConfigScopeForbidden("only platform operators change platform-wide configuration")
    if target.tenant_id != tenant_id:
        raise ConfigScopeForbidden("a tenant changes only its own configuration")
    if target.scope is Scope.TENANT and branches is not None:
        raise ConfigScopeForbidden("config.write limited to some branches cannot change tenant-wide configuration")
    if target.scope is Scope.BRANCH and branches is not None and target.branch_id not in branches:
        raise ConfigScopeForbidden(f"config.write does not cover branch {target.branch_id}")
