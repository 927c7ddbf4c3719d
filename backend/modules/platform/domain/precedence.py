"""The narrowest value wins: branch over tenant over platform over the key's default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from backend.modules.platform.domain.scopes import Scope, Target


@dataclass(frozen=True)
class Setting:
    """A value stored for ``key`` at ``target``."""

    key: str
    target: Target
    value: Any
    version: int


@dataclass(frozen=True)
class Effective:
    """What a reader gets, and from where: ``source`` None means the default."""

    value: Any
    source: Scope | None
    version: int


def index(settings: Iterable[Setting]) -> dict[tuple[str, Target], Setting]:
    return {(setting.key, setting.target): setting for setting in settings}


def effective(key: str, default: Any, settings: Mapping[tuple[str, Target], Setting], reader: Target) -> Effective:
    """The value ``reader`` sees for ``key``, given every stored value by (key, target)."""
    for target in reader.lookup_order():
        setting = settings.get((key, target))
        if setting is not None:
            return Effective(setting.value, target.scope, setting.version)
    return Effective(default, None, 0)
