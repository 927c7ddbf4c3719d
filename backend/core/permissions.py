"""Permission codes: each context declares its own next to its routes; this registry lists them all."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")
_REGISTRY: dict[str, Permission] = {}


@dataclass(frozen=True)
class Permission:
    """``code`` is ``<resource>.<action>``; ``scoped`` permissions can be limited to branches and commodities."""

    code: str
    description: str
    scoped: bool = False
    platform_only: bool = False


def declare(code: str, description: str, *, scoped: bool = False, platform_only: bool = False) -> Permission:
    """Register a permission (idempotent for an identical declaration) and return it."""
    if not _CODE.fullmatch(code):
        raise ValueError(f"permission code {code!r} must look like 'resource.action'")
    permission = Permission(code, description, scoped, platform_only)
    existing = _REGISTRY.get(code)
    if existing is not None and existing != permission:
        raise ValueError(f"permission {code} is declared twice, differently")
    _REGISTRY[code] = permission
    return permission


def all_permissions() -> list[Permission]:
    """Every declared permission, by code."""
    return sorted(_REGISTRY.values(), key=lambda p: p.code)


def is_declared(code: str) -> bool:
    return code in _REGISTRY
