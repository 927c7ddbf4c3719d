"""What other contexts may ask the platform: runtime configuration values and feature flags."""

from __future__ import annotations

import uuid
from typing import Any, Protocol


class ConfigReader(Protocol):
    """Reads come from a per-process snapshot that follows every change within a bounded delay
    (``MANDI_CONFIG_POLL_SECONDS``); reading never blocks on more than one small query."""

    async def value(self, key: str, *, tenant_id: uuid.UUID | None = None, branch_id: uuid.UUID | None = None) -> Any:
        """The effective value of ``key``: branch over tenant over platform over the default.

        Raises ``backend.core.errors.NotFound`` for a key nobody declared.
        """

    async def flag(self, name: str, *, tenant_id: uuid.UUID | None = None) -> bool:
        """Whether feature ``name`` (the key ``feature.<name>``) is on for ``tenant_id``."""
