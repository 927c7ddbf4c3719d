"""What the domain needs to know of a declared key (``backend.contracts.platform.config.ConfigKey``
has this shape; the domain does not import the contracts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class KeyDefinition(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def schema(self) -> Mapping[str, Any]: ...

    @property
    def default(self) -> Any: ...

    @property
    def scopes(self) -> tuple[str, ...]: ...

    @property
    def flag(self) -> bool: ...
