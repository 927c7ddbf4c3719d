"""Read models the configuration use cases return."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.modules.platform.domain.precedence import Effective, Setting
from backend.modules.platform.domain.scopes import Target


@dataclass(frozen=True)
class ConfigValueView:
    scope: str
    tenant_id: uuid.UUID | None
    branch_id: uuid.UUID | None
    value: Any
    version: int


@dataclass(frozen=True)
class ConfigView:
    """A key for one reader: its declaration, the value that wins, and the values set at each scope.
    ``version`` is the version at ``target`` (0: nothing set there), the precondition for a change."""

    key: str
    description: str
    flag: bool
    schema: Mapping[str, Any]
    default: Any
    scopes: tuple[str, ...]
    value: Any
    source: str
    target: Target
    version: int
    values: tuple[ConfigValueView, ...]
    enabled: bool | None  # flags only: whether the reader's tenant has the feature


@dataclass(frozen=True)
class ConfigChangeView:
    occurred_at: datetime
    scope: str
    tenant_id: uuid.UUID | None
    branch_id: uuid.UUID | None
    old_value: Any
    old_version: int
    new_value: Any
    new_version: int
    actor: str
    revision: int


def value_view(setting: Setting) -> ConfigValueView:
    target = setting.target
    return ConfigValueView(str(target.scope), target.tenant_id, target.branch_id, setting.value, setting.version)


def source_of(effective: Effective) -> str:
    return "default" if effective.source is None else str(effective.source)
